using Omk.Testing;

namespace Omk.Tests;

/// <summary><c>omk goal</c> and <c>omk ultrawork</c> input errors, as a user meets them: exit 2, one clear line, nothing started.</summary>
public sealed class GoalCommandTests
{
    [Theory]
    [InlineData(new[] { "   " }, "the goal is empty")]
    [InlineData(new[] { "add x", "--deliver", "email" }, "--deliver 'email' is not none, branch or pr")]
    [InlineData(new[] { "add x", "--budget-time", "soon" }, "--budget-time 'soon' is not a duration")]
    [InlineData(new[] { "add x", "--budget-tokens", "0" }, "--budget-tokens must be more than zero")]
    [InlineData(new[] { "add x", "--fix-rounds", "-1" }, "--fix-rounds cannot be negative")]
    [InlineData(new[] { "add x", "--agents", "0" }, "--agents must be at least 1")]
    [InlineData(new[] { "add x", "--approval", "maybe" }, "--approval")]
    [InlineData(new[] { "add x", "--plan", "PLAN" }, "task 'a': unknown field 'writeset'")]
    [InlineData(new[] { "add x", "--plan", "MISSING" }, "cannot be read")]
    public async Task A_bad_goal_or_option_exits_2_and_starts_nothing(string[] args, string expected)
    {
        using var repo = new TempGitRepo();
        using var state = new TempDirectory("omk-goal-state");
        File.WriteAllText(state.Combine("plan.json"), """{"tasks":[{"id":"a","prompt":"x","writeset":["a.txt"]}]}""");
        var resolved = args.Select(a => a == "PLAN" ? state.Combine("plan.json") : a == "MISSING" ? state.Combine("nope.json") : a).ToArray();

        var result = await OmkProcess.RunAsync(repo.Path, ["goal", "run", .. resolved, "--state-dir", state.Combine("omk"), "--worktree-root", state.Combine("wt")]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(state.Combine("omk", "runs")) && Directory.EnumerateDirectories(state.Combine("omk", "runs")).Any(), "a goal directory was created");
        Assert.False(Directory.Exists(state.Combine("wt")), "a worktree was created");
        Assert.Equal(string.Empty, repo.Git("branch", "--list", "omk/*"));
    }

    [Fact]
    public async Task Goal_commands_without_a_goal_exit_2_and_budget_add_needs_an_amount()
    {
        using var repo = new TempGitRepo();
        using var state = new TempDirectory("omk-goal-state");
        foreach (var verb in new[] { "status", "show", "pause", "resume", "cancel" })
        {
            var result = await OmkProcess.RunAsync(repo.Path, "goal", verb, "--state-dir", state.Path);
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("no goal", result.Stderr, StringComparison.Ordinal);
        }

        var list = await OmkProcess.RunAsync(repo.Path, "goal", "list", "--state-dir", state.Path);
        Assert.True(list.ExitCode == 0, list.ToString());
        var add = await OmkProcess.RunAsync(repo.Path, "goal", "budget-add", "run-x", "--state-dir", state.Path);
        Assert.True(add.ExitCode == 2, add.ToString());
        Assert.Contains("--tokens N, --time D or --usd X", add.Stderr, StringComparison.Ordinal);
        var ultrawork = await OmkProcess.RunAsync(repo.Path, "ultrawork", "--tasks", state.Combine("nope.json"), "--state-dir", state.Path);
        Assert.True(ultrawork.ExitCode == 2, ultrawork.ToString());
        Assert.Contains("nope.json: cannot be read", ultrawork.Stderr, StringComparison.Ordinal);
    }
}
