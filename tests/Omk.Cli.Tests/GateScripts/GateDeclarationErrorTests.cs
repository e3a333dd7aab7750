namespace Omk.Tests.GateScripts;

/// <summary>
/// Gate scripts that compile but declare gates wrongly (or throw while declaring them): exit 2, a message naming the
/// script and line at fault, and no run. One compiled folder serves every case: the environment variable
/// <c>GATE_CASE</c> picks which mistake the scripts' top-level code makes (the compile does not depend on it, so only
/// the first case pays for the compiler).
/// </summary>
public sealed class GateDeclarationErrorTests(MistakesRepo mistakes) : IClassFixture<MistakesRepo>
{
    private static int Line(string script, string marker) => GateScriptRepo.LineOf(script, marker);

    [Fact]
    public async Task Without_a_mistake_the_scripts_are_well_declared()
    {
        var check = await mistakes.Repo.OmkAsync(new Dictionary<string, string?> { ["GATE_CASE"] = null }, "gates", "check");
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("1 gate(s) from gates/*.fsx (2 script(s)) are well declared", check.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public Task Duplicate_gate_names_in_two_scripts_name_both_files_and_lines() => AssertMistakeAsync(
        "duplicate",
        $"omk: Gate name 'build' is declared twice at gates/a.fsx({Line(MistakesRepo.A, "gate \"build\"")},1) and at gates/b.fsx({Line(MistakesRepo.B, "gate \"build\"")},1).");

    [Fact]
    public Task A_script_that_throws_while_declaring_names_the_script_and_line() => AssertMistakeAsync(
        "throws",
        $"gates/a.fsx({Line(MistakesRepo.A, "failwith")},",
        "error OMK0100: the gate script threw while declaring gates: Exception: boom");

    [Fact]
    public Task A_gate_with_two_actions_is_refused_at_its_line() => AssertMistakeAsync(
        "two-actions",
        $"omk: gates/a.fsx({Line(MistakesRepo.A, "gate \"both\"")},1): gate 'both' declares 2 actions; use exactly one of run, exec, shell or check.");

    [Fact]
    public Task A_gate_with_no_action_is_refused_at_its_line() => AssertMistakeAsync(
        "no-action",
        $"omk: gates/a.fsx({Line(MistakesRepo.A, "gate \"nothing\"")},1): gate 'nothing' declares no action; use exactly one of run, exec, shell or check.");

    [Fact]
    public Task Shell_syntax_in_run_is_refused_with_a_hint_to_use_shell() => AssertMistakeAsync(
        "shell-syntax",
        $"omk: gates/a.fsx({Line(MistakesRepo.A, "gate \"piped\"")},1): gate 'piped': run \"echo a | wc -l\":",
        "use shell \"...\" to run it through the shell");

    [Fact]
    public Task A_dependency_on_a_missing_gate_is_refused() => AssertMistakeAsync(
        "missing-dependency",
        $"omk: Gate 'orphan' at gates/a.fsx({Line(MistakesRepo.A, "gate \"orphan\"")},1) depends on 'missing', which is not a gate.");

    // Both omk gates check and omk proof refuse the scripts with exit 2 and the message; proof creates no run.
    private async Task AssertMistakeAsync(string mistake, params string[] expected)
    {
        var environment = new Dictionary<string, string?> { ["GATE_CASE"] = mistake };
        foreach (var command in new[] { new[] { "gates", "check" }, new[] { "proof" } })
        {
            var result = await mistakes.Repo.OmkAsync(environment, command);
            Assert.True(result.ExitCode == 2, $"omk {string.Join(' ', command)}: {result}");
            Assert.All(expected, e => Assert.Contains(e, result.Stderr, StringComparison.Ordinal));
            Assert.Equal(string.Empty, result.Stdout);
        }

        Assert.False(mistakes.Repo.HasRuns, "a declaration error must not create a run");
    }
}
