// The sample's gates: `dotnet build -t:OmkProof` runs them once and writes .omk/runs/<run-id>/proof.md.
open System.IO
open Omk.Gates

gate "build" {
    run "dotnet build src/Greeter/Greeter.csproj --nologo -warnaserror"
    timeout (minutes 10)
}

gate "greeting-is-friendly" {
    check (fun ctx ->
        let source = File.ReadAllText(Path.Combine(ctx.RepoRoot, "src/Greeter/Greeting.cs"))
        if source.Contains "Hello" then PassWith "the greeting says hello" else Fail "the greeting lost its hello")
    dependsOn "build"
}
