namespace Omk.Tests.GateScripts;

/// <summary>
/// A repository whose gate scripts compile and are well declared, unless the environment variable <c>GATE_CASE</c>
/// names a mistake for their top-level code to make (see <see cref="GateDeclarationErrorTests"/>). Only read.
/// </summary>
public sealed class MistakesRepo : IDisposable
{
    public const string A = """
        // Well declared unless GATE_CASE asks for a mistake.
        open Omk.Gates

        let case = System.Environment.GetEnvironmentVariable "GATE_CASE"

        gate "build" { run "true" }

        if case = "two-actions" then
            gate "both" { run "true"; check (fun _ -> Pass) }

        if case = "no-action" then
            gate "nothing" { tag "empty" }

        if case = "shell-syntax" then
            gate "piped" { run "echo a | wc -l" }

        if case = "missing-dependency" then
            gate "orphan" { run "true"; dependsOn "missing" }

        if case = "throws" then
            failwith "boom"
        """;

    public const string B = """
        open Omk.Gates

        if System.Environment.GetEnvironmentVariable "GATE_CASE" = "duplicate" then
            gate "build" { run "false" }
        """;

    public GateScriptRepo Repo { get; } = new(("gates/a.fsx", A), ("gates/b.fsx", B));

    public void Dispose() => Repo.Dispose();
}
