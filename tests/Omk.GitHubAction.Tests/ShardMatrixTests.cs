using Omk.GitHubAction.Tests.Support;

namespace Omk.GitHubAction.Tests;

/// <summary>
/// A 4-way matrix of <c>shard: I/4</c> jobs and a final <c>mode: merge</c> job, against the fake GitHub API: each
/// shard job starts with its own empty state (fresh runners), its artifacts are downloaded as
/// <c>actions/download-artifact</c> with <c>merge-multiple: true</c> does (every artifact's content into one folder).
/// </summary>
public sealed class ShardMatrixTests : IAsyncLifetime
{
    private const string EightGates = "g1=true\ng2=true\ng3=true\ng4=true\ng5=true\ng6=true\ng7=true\ng8=true";
    private FakeGitHub _github = null!;

    public async Task InitializeAsync() => _github = await FakeGitHub.StartAsync();

    public async Task DisposeAsync() => await _github.DisposeAsync();

    private static async Task<string> DownloadAsync(ActionHarness runner, IEnumerable<int> shards, string gates = EightGates)
    {
        var downloaded = Path.Combine(runner.RunnerDirectory, "partial-" + string.Join('-', shards));
        foreach (var i in shards)
        {
            runner.Environment["OMK_STATE_DIR"] = Path.Combine(runner.RunnerDirectory, $"state-{i}");
            Assert.Equal(0, await runner.RunAsync("--gates", gates, "--after", "g2:g1", "--shard", $"{i}/4"));
            var shardDir = runner.Outputs["shard-dir"];
            foreach (var file in Directory.EnumerateFiles(shardDir, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(downloaded, Path.GetRelativePath(shardDir, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        runner.Environment["OMK_STATE_DIR"] = Path.Combine(runner.RunnerDirectory, "state-merge");
        return downloaded;
    }

    [Fact]
    public async Task Four_shard_jobs_and_a_merge_job_write_one_ready_comment()
    {
        using var runner = new ActionHarness(_github);
        runner.Environment["RUNNER_TEMP"] = runner.RunnerDirectory;

        var downloaded = await DownloadAsync(runner, [1, 2, 3, 4]);
        Assert.Empty(_github.Comments(ActionHarness.PullRequest)); // the shard jobs write no comment
        Assert.Equal(4, Directory.GetDirectories(downloaded).Length);

        Assert.True(await runner.RunAsync("--mode", "merge", "--proof-dir", downloaded) == 0, runner.Log);

        Assert.Equal("ready", runner.Outputs["verdict"]);
        var comment = Assert.Single(_github.Comments(ActionHarness.PullRequest));
        Assert.Contains("# ✅ Omk proof: ready", comment.Body, StringComparison.Ordinal);
        Assert.Contains("8 gate(s) (8 passed", runner.Outputs["summary"], StringComparison.Ordinal);
        Assert.Contains("omk: merged 4 of 4 shard(s)", runner.Log, StringComparison.Ordinal);
        Assert.Contains("# ✅ Omk proof: ready", runner.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_shard_makes_the_merged_proof_partial_with_a_warning()
    {
        using var runner = new ActionHarness(_github);
        runner.Environment["RUNNER_TEMP"] = runner.RunnerDirectory;
        var downloaded = await DownloadAsync(runner, [1, 2, 4]);

        Assert.Equal(0, await runner.RunAsync("--mode", "merge", "--proof-dir", downloaded));

        Assert.Equal("partial", runner.Outputs["verdict"]);
        Assert.Contains("::warning title=omk%3A partial run::The proof is partial: partial run: filter 'merge of shards 1,2,4 of 4'", runner.Log, StringComparison.Ordinal);
        Assert.Contains("Omk proof: partial", Assert.Single(_github.Comments(ActionHarness.PullRequest)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shards_of_different_gate_sets_stop_the_merge_with_exit_2_and_no_comment()
    {
        using var runner = new ActionHarness(_github);
        runner.Environment["RUNNER_TEMP"] = runner.RunnerDirectory;
        var first = await DownloadAsync(runner, [1, 2]);
        var other = await DownloadAsync(runner, [3, 4], EightGates.Replace("g8=true", "g8=test 1 -eq 1", StringComparison.Ordinal));
        foreach (var directory in Directory.GetDirectories(other))
        {
            Directory.Move(directory, Path.Combine(first, Path.GetFileName(directory)));
        }

        Assert.True(await runner.RunAsync("--mode", "merge", "--proof-dir", first) == 2, runner.Log);

        Assert.Contains("::error title=omk%3A cannot run::input 'proof-dir': the partial proofs do not merge: shard 3/4", runner.Log, StringComparison.Ordinal);
        Assert.Contains("ran another gate set", runner.Log, StringComparison.Ordinal);
        Assert.Empty(_github.Comments(ActionHarness.PullRequest));
    }

    [Fact]
    public async Task Shard_and_gate_filter_together_are_refused()
    {
        using var runner = new ActionHarness(_github);

        Assert.Equal(2, await runner.RunAsync("--gates", EightGates, "--shard", "1/4", "--gate-filter", "g1"));
        Assert.Contains("inputs 'shard' and 'gate-filter' do not go together", runner.Log, StringComparison.Ordinal);
        Assert.Equal(2, await runner.RunAsync("--gates", EightGates, "--shard", "5/4"));
        Assert.Contains("input 'shard' '5/4': expected I/N", runner.Log, StringComparison.Ordinal);
    }
}
