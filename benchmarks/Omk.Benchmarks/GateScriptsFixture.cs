namespace Omk.Benchmarks;

/// <summary>
/// The gate scripts the <c>gates</c> benchmark works on: 5 realistic scripts in <c>gates/</c> declaring 11 gates
/// (one script <c>#load</c>s a helper from <c>gates/lib/</c>, one declares a code gate). They compile both under
/// omk and under plain <c>dotnet fsi -r:Omk.Gates.dll</c> (where declaring a gate only prints a note).
/// </summary>
internal static class GateScriptsFixture
{
    public const int ScriptCount = 5;

    public const int GateCount = 11;

    /// <summary>The root scripts, by file name (each run by <c>dotnet fsi</c> in the baseline).</summary>
    public static IReadOnlyList<string> Scripts { get; } = ["build.fsx", "perf.fsx", "quality.fsx", "release.fsx", "test.fsx"];

    /// <summary>Makes <paramref name="repo"/> a git repository whose one commit holds the gate scripts.</summary>
    public static void CommitTo(string repo)
    {
        ProcessTimer.Run(repo, "git", "init", "-q", "-b", "main");
        WriteTo(repo);
        ProcessTimer.Run(repo, "git", "add", "-A");
        ProcessTimer.Run(repo, "git", "-c", "user.email=b@omk.invalid", "-c", "user.name=bench", "commit", "-q", "-m", "gates");
    }

    /// <summary>Writes <c>gates/</c> (scripts and helper) into <paramref name="repo"/>.</summary>
    public static void WriteTo(string repo)
    {
        var gates = Path.Combine(repo, "gates");
        Directory.CreateDirectory(Path.Combine(gates, "lib"));
        foreach (var (name, text) in Files)
        {
            File.WriteAllText(Path.Combine(gates, name), text.ReplaceLineEndings("\n"));
        }
    }

    private static readonly (string Name, string Text)[] Files =
    [
        ("lib/dotnet.fsx", """
            /// Shared by the gate scripts through #load; it lives in a subfolder, so it is not a gate script itself.
            module Dotnet

            let solution = "App.sln"

            /// dotnet <verb> App.sln --nologo <extra>
            let args (verb: string) (extra: string list) = verb :: solution :: "--nologo" :: extra
            """),
        ("build.fsx", """
            #load "lib/dotnet.fsx"

            open Omk.Gates

            gate "restore" { exec "dotnet" (Dotnet.args "restore" []); timeout (minutes 5); tag "build" }

            gate "build" {
                exec "dotnet" (Dotnet.args "build" [ "--no-restore"; "-warnaserror" ])
                dependsOn "restore"
                timeout (minutes 10)
                tag "build"
            }

            gate "format" { run "dotnet format App.sln --verify-no-changes"; dependsOn "restore"; optional; tag "style" }
            """),
        ("test.fsx", """
            open Omk.Gates

            gate "unit-tests" {
                run "dotnet test tests/Unit --no-build --nologo"
                dependsOn "build"
                timeout (minutes 15)
                tags [ "tests"; "regression" ]
            }

            gate "integration-tests" {
                run "dotnet test tests/Integration --no-build --nologo"
                dependsOn "build"
                env "ASPNETCORE_ENVIRONMENT" "Testing"
                timeout (minutes 20)
                tag "acceptance"
            }
            """),
        ("quality.fsx", """
            open System.IO
            open Omk.Gates

            gate "no-todo-in-changes" {
                check (fun ctx ->
                    let hits =
                        ctx.ChangedPaths
                        |> List.filter (fun f -> File.Exists f && (File.ReadAllText f).Contains "TODO")
                    match hits with
                    | [] -> Pass
                    | _ -> Fail $"TODO left in {hits}")
            }

            gate "shellcheck" { shell "find scripts -name '*.sh' | xargs -r shellcheck"; allowFail; tag "lint" }
            """),
        ("perf.fsx", """
            open System
            open Omk.Gates

            let onCi = Environment.GetEnvironmentVariable "CI" = "true"

            gate "bench-smoke" {
                run "dotnet run -c Release --project bench -- --quick"
                dependsOn "build"
                skipWhen (not onCi)
                optional
                timeout (minutes 5)
                tag "perf"
            }

            gate "startup-budget" { exec "./scripts/startup.sh" [ "--max-ms"; "200" ]; allowFail; tag "perf" }
            """),
        ("release.fsx", """
            open Omk.Gates

            gate "pack" { run "dotnet pack src/App -c Release -o artifacts"; dependsOn "build"; tag "release" }

            gate "docs-links" { exec "lychee" [ "--offline"; "." ]; workingDir "docs"; optional; skip }
            """),
    ];
}
