// This repository's own verification wall: `omk proof` (or `dotnet run --project src/Omk.Cli -c Release -- proof`).
open Omk.Gates

gate "build" {
    run "dotnet build Omk.sln --nologo -warnaserror"
    timeout (minutes 20)
    tag "build"
}

gate "test" {
    run "dotnet test Omk.sln --nologo --no-build"
    dependsOn "build"
    timeout (minutes 30)
    tag "tests"
}

gate "format" {
    run "dotnet format Omk.sln --verify-no-changes"
    dependsOn "build"
    timeout (minutes 10)
    tag "style"
}
