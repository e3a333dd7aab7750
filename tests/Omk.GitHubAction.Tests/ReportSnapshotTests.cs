using Omk.GitHubAction.Tests.Support;
using Omk.Testing;

namespace Omk.GitHubAction.Tests;

/// <summary>What a failing pull request shows: job summary, step outputs, the comment and the annotations, as snapshots.</summary>
public sealed class ReportSnapshotTests : IAsyncLifetime
{
    private FakeGitHub _github = null!;

    public async Task InitializeAsync() => _github = await FakeGitHub.StartAsync();

    public async Task DisposeAsync() => await _github.DisposeAsync();

    [Fact]
    public async Task A_failing_pull_request_reports_summary_outputs_comment_and_annotations()
    {
        using var runner = new ActionHarness(_github);
        var gates = """
            build=true
            test=!echo '12 passed, 1 failed: WidgetTests.Spins'; echo 'expected 3 spins, got 2' >&2; exit 1
            lint=!echo 'lint: no issues'
            """;

        Assert.Equal(1, await runner.RunAsync("--gates", gates));

        Snapshot.Match(Scrub.Text(runner.Summary, runner), "step-summary");
        Snapshot.Match(Scrub.Text(runner.OutputText, runner), "output-file");
        Snapshot.Match(Scrub.Text(Assert.Single(_github.Comments(ActionHarness.PullRequest)).Body, runner), "comment");
        var commands = runner.Log.Split('\n').Where(l => l.StartsWith("::", StringComparison.Ordinal) && !l.StartsWith("::stop-commands", StringComparison.Ordinal) && !l.StartsWith("::omk-", StringComparison.Ordinal));
        Snapshot.Match(Scrub.Text(string.Join('\n', commands), runner), "workflow-commands");

        var outputs = runner.Outputs;
        Assert.Equal(["verdict", "summary", "run-dir", "proof-json", "proof-md", "comment-id", "comment-url"], outputs.Keys);
        Assert.True(File.Exists(outputs["proof-json"]));
        Assert.Equal(File.ReadAllText(outputs["proof-md"]), runner.Summary);
    }

    [Fact]
    public async Task A_ready_pull_request_reports_a_ready_summary()
    {
        using var runner = new ActionHarness(_github);

        Assert.Equal(0, await runner.RunAsync("--gates", "build=true\ntest=true"));

        Snapshot.Match(Scrub.Text(runner.Summary, runner), "step-summary");
        Snapshot.Match(Scrub.Text(runner.OutputText, runner), "output-file");
        Assert.DoesNotContain("::error", runner.Log, StringComparison.Ordinal);
    }
}
