namespace Omk.Tests.GateScripts;

/// <summary>
/// A gate script that does not compile: the compiler's diagnostic comes out as <c>gates/x.fsx(line,col): error FSnnnn: …</c>
/// at the exact place of the mistake, the exit code is 2, no run is created and nothing is cached.
/// </summary>
public sealed class GateScriptCompileErrorTests
{
    private const string Fine = """
        open Omk.Gates

        gate "fine" { run "true" }
        """;

    [Fact]
    public async Task A_type_error_is_reported_at_its_line_and_column_and_no_gate_runs()
    {
        const string Broken = """
            // A string where an int is expected.
            open Omk.Gates

            gate "typed" { run "true" }

            let answer: int = "forty-two"
            """;
        await AssertCompileErrorAsync(Broken, "\"forty-two\"", "FS0001", "This expression was expected to have type");
    }

    [Fact]
    public async Task A_syntax_error_is_reported_at_its_line_and_column_and_no_gate_runs()
    {
        const string Broken = """
            // A closing bracket where the gate's closing brace should be.
            open Omk.Gates

            gate "unclosed" { run "true" ]

            gate "next" { run "true" }
            """;
        await AssertCompileErrorAsync(Broken, "]", "FS0010", "Unexpected symbol ']'");
    }

    private static async Task AssertCompileErrorAsync(string broken, string marker, string code, string message)
    {
        using var repo = new GateScriptRepo(("gates/a-fine.fsx", Fine), ("gates/broken.fsx", broken));
        var expected = $"gates/broken.fsx({GateScriptRepo.LineOf(broken, marker)},{GateScriptRepo.ColumnOf(broken, marker)}): error {code}: {message}";

        var proof = await repo.OmkAsync("proof");
        Assert.True(proof.ExitCode == 2, proof.ToString());
        Assert.Contains(proof.Stderr.Split('\n'), line => line.StartsWith(expected, StringComparison.Ordinal));
        Assert.EndsWith("omk: the gate scripts have errors; no gate ran.\n", proof.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, proof.Stdout);
        Assert.False(repo.HasRuns, "a gate script error must not create a run");
        Assert.Empty(repo.CompiledAssemblies());

        var check = await repo.OmkAsync("gates", "check");
        Assert.True(check.ExitCode == 2, check.ToString());
        Assert.Contains(check.Stderr.Split('\n'), line => line.StartsWith(expected, StringComparison.Ordinal));
        Assert.Empty(repo.CompiledAssemblies());
    }
}
