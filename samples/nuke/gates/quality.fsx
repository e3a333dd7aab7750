open Omk.Gates

gate "build" { run "dotnet build build/_build.csproj --nologo" }
