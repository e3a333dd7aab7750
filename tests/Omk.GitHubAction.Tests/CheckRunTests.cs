using Omk.GitHubAction.Tests.Support;

namespace Omk.GitHubAction.Tests;

/// <summary><c>report: check|both</c> against the fake Checks API, with real failing gates.</summary>
public sealed class CheckRunTests : IAsyncLifetime
{
    private FakeGitHub _github = null!;

    public async Task InitializeAsync() => _github = await FakeGitHub.StartAsync();

    public async Task DisposeAsync() => await _github.DisposeAsync();

    [Fact]
    public async Task A_check_run_carries_the_verdict_and_every_finding_in_batches_of_fifty()
    {
        using var runner = new ActionHarness(_github);
        // 3 gates with 40 compiler errors each (a proof keeps 50 per gate and severity): one check run, its 120
        // annotations in requests of 50, 50 and 20.
        runner.Repo.Write("src/Broken.cs", "broken\n");
        string Gate(int g) => $"build{g}=!" + string.Join("; ", Enumerable.Range(1, 40).Select(i => $"echo 'src/Broken.cs({(g * 100) + i},5): error CS1002: ; expected [/repo/src/App.csproj]'")) + "; exit 1";

        Assert.Equal(1, await runner.RunAsync("--gates", string.Join('\n', Enumerable.Range(1, 3).Select(Gate)), "--report", "check"));

        var run = Assert.Single(_github.CheckRuns);
        Assert.Equal(("Omk proof", "failure"), (run.Name, run.Conclusion));
        Assert.Equal(runner.Repo.Git("rev-parse", "HEAD"), run.HeadSha);
        Assert.Equal([50, 50, 20], run.AnnotationBatches);
        Assert.Contains("# ❌ Omk proof: failed", run.Summary, StringComparison.Ordinal);
        Assert.Equal($"https://github.com/octo/widgets/runs/{run.Id}", runner.Outputs["check-run-url"]);
        Assert.Empty(_github.Comments(ActionHarness.PullRequest)); // check only: no comment
        Assert.DoesNotContain("::error file=", runner.Log, StringComparison.Ordinal); // and no workflow-command annotations
    }

    [Fact]
    public async Task Both_writes_the_comment_and_a_successful_check_run()
    {
        using var runner = new ActionHarness(_github);

        Assert.Equal(0, await runner.RunAsync("--gates", "build=true", "--report", "both"));

        Assert.Equal("success", Assert.Single(_github.CheckRuns).Conclusion);
        Assert.Single(_github.Comments(ActionHarness.PullRequest));
    }

    [Fact]
    public async Task A_token_without_checks_write_gets_a_notice_and_keeps_the_verdict()
    {
        using var runner = new ActionHarness(_github);
        _github.ReadOnlyToken = true;

        Assert.Equal(0, await runner.RunAsync("--gates", "build=true", "--report", "check"));

        Assert.Empty(_github.CheckRuns);
        Assert.Contains("Give the job 'permissions: checks: write'", runner.Log, StringComparison.Ordinal);
        Assert.Equal(string.Empty, runner.Outputs["check-run-url"]);
        Assert.Equal("ready", runner.Outputs["verdict"]);
    }
}
