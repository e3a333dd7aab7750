using Omk.GitHubAction.Tests.Support;

namespace Omk.GitHubAction.Tests;

/// <summary>The goal job refuses a checkout that keeps its token in .git/config.</summary>
[Collection(BuiltProgram.Collection)]
public sealed class GoalCheckoutTests : IAsyncLifetime
{
    private FakeGitHub _github = null!;

    public async Task InitializeAsync() => _github = await FakeGitHub.StartAsync();

    public async Task DisposeAsync() => await _github.DisposeAsync();

    [Fact]
    public async Task A_checkout_that_persisted_its_token_is_refused_before_the_goal_runs()
    {
        using var runner = new ActionHarness(_github, eventName: "workflow_dispatch");
        File.WriteAllText(runner.EventPath, """{"inputs":{"goal":"add a widget"}}""");
        runner.Environment["GITHUB_ACTOR"] = "maintainer";
        runner.Environment[GoalCommand.CommandVariable] = GoalStandIn.Write(runner.RunnerDirectory, "g-0002");
        _github.SetPermission("maintainer", "write");
        runner.Repo.Git("config", "--local", "http.https://github.com/.extraheader", "AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX3NlY3JldA==");

        var result = await runner.RunProgramAsync("--mode", "goal");

        Assert.True(result.ExitCode == 2, runner.Log);
        Assert.Contains("use actions/checkout with persist-credentials: false in the goal job", runner.Log, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(runner.RunnerDirectory, "goal-env.txt")));
    }
}
