using Omk.Testing;

namespace Omk.Tests;

/// <summary><c>omk ralph</c> input errors, as a user meets them: exit 2, one clear line, nothing started.</summary>
public sealed class RalphCommandTests
{
    [Theory]
    [InlineData("--budget-tokens", "0", "--budget-tokens must be more than zero (got 0)")]
    [InlineData("--budget-usd", "-1", "--budget-usd must be more than zero (got -1)")]
    [InlineData("--budget-time", "soon", "--budget-time 'soon' is not a duration")]
    [InlineData("--max-rounds", "0", "--max-rounds must be at least 1 (got 0)")]
    [InlineData("--driver", "telnet", "--driver 'telnet' is not acp or wire")]
    public async Task A_bad_option_exits_2_and_starts_nothing(string option, string value, string expected)
    {
        using var repo = new TempGitRepo();
        using var state = new TempDirectory("omk-ralph-state");

        var result = await OmkProcess.RunAsync(repo.Path, "ralph", "make it work", "--state-dir", state.Combine("omk"), "--worktree-root", state.Combine("wt"), option, value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(state.Combine("omk", "runs")), "a run directory was created");
        Assert.False(Directory.Exists(state.Combine("wt")), "a worktree was created");
    }

    [Fact]
    public async Task A_repository_without_gates_is_refused_because_nothing_would_judge_the_work()
    {
        using var repo = new TempGitRepo();
        using var state = new TempDirectory("omk-ralph-state");

        var result = await OmkProcess.RunAsync(repo.Path, "ralph", "make it work", "--state-dir", state.Combine("omk"), "--worktree-root", state.Combine("wt"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("the repository declares no gates", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(state.Combine("omk", "runs")), "a run directory was created");
    }

    [Fact]
    public async Task A_bad_price_table_is_named_with_its_field()
    {
        using var repo = new TempGitRepo();
        using var state = new TempDirectory("omk-ralph-state");
        var prices = state.Combine("prices.json");
        File.WriteAllText(prices, """{"default": {"input": 2}}""");

        var result = await OmkProcess.RunAsync(
            repo.Path, new Dictionary<string, string?> { ["OMK_PRICES"] = prices }, "ralph", "make it work", "--state-dir", state.Combine("omk"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{prices}: 'default' needs both 'input' and 'output'", result.Stderr, StringComparison.Ordinal);
    }
}
