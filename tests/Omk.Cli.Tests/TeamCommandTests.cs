using Omk.Testing;

namespace Omk.Tests;

/// <summary><c>omk team</c> and <c>omk worktree</c> input errors, as a user meets them: exit 2, one clear line, nothing started.</summary>
public sealed class TeamCommandTests
{
    [Theory]
    [InlineData("""{"tasks":[{"id":"a","prompt":"x","depends_on":["b"]},{"id":"b","prompt":"y","depends_on":["a"]}]}""", "task 'a': field 'depends_on' forms a cycle: a -> b -> a")]
    [InlineData("""{"tasks":[{"id":"a","prompt":"x","write_sets":["src/**"]}]}""", "task 'a': unknown field 'write_sets'")]
    [InlineData("""{"tasks":[{"id":"a","prompt":"x","gates":["nope"]}]}""", "task 'a': field 'gates' names nope, not declared")]
    public async Task A_bad_task_file_exits_2_naming_task_and_field_and_starts_nothing(string json, string expected)
    {
        using var repo = new TempGitRepo();
        using var state = new TempDirectory("omk-team-state");
        File.WriteAllText(Path.Combine(state.Path, "tasks.json"), json);

        var result = await OmkProcess.RunAsync(repo.Path, "team", "run", "--tasks", Path.Combine(state.Path, "tasks.json"), "--state-dir", state.Combine("omk"), "--worktree-root", state.Combine("wt"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(state.Combine("omk", "runs")), "a run directory was created");
        Assert.False(Directory.Exists(state.Combine("wt")), "a worktree was created");
        Assert.Equal(string.Empty, repo.Git("branch", "--list", "omk/*"));
    }

    [Theory]
    [InlineData("--agents", "0", "--agents must be at least 1")]
    [InlineData("--driver", "telnet", "--driver 'telnet' is not acp or wire")]
    [InlineData("--approval", "maybe", "--approval")]
    [InlineData("--stall-after", "soon", "--stall-after 'soon' is not a duration")]
    [InlineData("--base", "no-such-ref", "base ref 'no-such-ref' is not a commit")]
    public async Task A_bad_option_exits_2(string option, string value, string expected)
    {
        using var repo = new TempGitRepo();
        using var state = new TempDirectory("omk-team-state");
        File.WriteAllText(Path.Combine(state.Path, "tasks.json"), """{"tasks":[{"id":"a","prompt":"x"}]}""");

        var result = await OmkProcess.RunAsync(repo.Path, "team", "run", "--tasks", Path.Combine(state.Path, "tasks.json"), "--state-dir", state.Combine("omk"), "--worktree-root", state.Combine("wt"), option, value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(state.Combine("wt")), "a worktree was created");
    }

    [Fact]
    public async Task Status_resume_and_cancel_without_a_team_run_exit_2_and_a_missing_task_file_too()
    {
        using var repo = new TempGitRepo();
        using var state = new TempDirectory("omk-team-state");
        foreach (var verb in new[] { "status", "resume", "cancel" })
        {
            var result = await OmkProcess.RunAsync(repo.Path, "team", verb, "--state-dir", state.Path);
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("no team run", result.Stderr, StringComparison.Ordinal);
        }

        var missing = await OmkProcess.RunAsync(repo.Path, "team", "run", "--tasks", state.Combine("nope.json"), "--state-dir", state.Path);
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("nope.json: cannot be read", missing.Stderr, StringComparison.Ordinal);
    }
}
