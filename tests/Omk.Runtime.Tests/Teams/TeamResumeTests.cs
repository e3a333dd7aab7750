using Omk.Events;
using Omk.Teams;

namespace Omk.Tests.Teams;

/// <summary>Resume rebuilds a team run from its log alone. A crash is emulated by cutting the log where the process died.</summary>
public sealed class TeamResumeTests
{
    private const string Tasks = """
        {"tasks":[
          {"id":"fast","prompt":"Fast.","write_set":["src/Api/**"],"acceptance":["test -f src/Api/fast.txt"]},
          {"id":"slow","prompt":"Slow.","write_set":["docs/**"],"acceptance":["test -f docs/slow.txt"]}
        ]}
        """;

    /// <summary>Runs until 'fast' completed and 'slow' is in its agent turn, then cuts the log there (as kill -9 would leave it).</summary>
    private static async Task<TeamRunResult> CrashedRunAsync(TeamHarness harness)
    {
        var slowStarted = new TaskCompletionSource();
        var agent = new DoubleAgent(async (turn, ct) =>
        {
            if (turn.TaskId == "fast")
            {
                turn.Write("src/Api/fast.txt", "fast\n");
                return "ok";
            }

            turn.Write("docs/partial.txt", "partial work of the interrupted attempt\n");
            slowStarted.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        });
        using var cancel = new CancellationTokenSource();
        var running = new TeamRun(TimeProvider.System).StartAsync(harness.Request(TeamHarness.Tasks(Tasks), agent), null, cancel.Token);
        await slowStarted.Task.WaitAsync(TimeSpan.FromMinutes(1));
        string[] lines;
        do
        {
            await Task.Delay(50);
            lines = ReadLines(running, harness);
        }
        while (!lines.Any(l => l.Contains("\"task_completed\"", StringComparison.Ordinal)));

        await cancel.CancelAsync();
        var result = await running;
        File.WriteAllLines(result.Run.EventsPath, lines);
        return result;
    }

    private static string[] ReadLines(Task<TeamRunResult> running, TeamHarness harness)
    {
        var runs = Directory.GetDirectories(Path.Combine(harness.StateRoot, "runs"));
        using var stream = new FileStream(Path.Combine(Assert.Single(runs), EventSchema.FileName), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Resume_keeps_the_completed_task_and_restarts_the_interrupted_one_in_its_kept_worktree()
    {
        using var harness = new TeamHarness();
        var crashed = await CrashedRunAsync(harness);
        var fastHead = TeamLog.Read(crashed.Run.EventsPath).Task("fast")!.Head;
        var sawPartial = false;
        var agent = new DoubleAgent((turn, _) =>
        {
            Assert.NotEqual("fast", turn.TaskId);
            sawPartial = File.Exists(Path.Combine(turn.WorkingDirectory, "docs/partial.txt"));
            turn.Write("docs/slow.txt", "slow\n");
            return Task.FromResult("ok");
        });

        var result = await new TeamRun(TimeProvider.System).ResumeAsync(crashed.Run, _ => harness.Request([], agent));

        Assert.Equal(TeamProofProjection.Ready, result.Proof.Status);
        Assert.True(sawPartial, "the interrupted attempt's worktree was not reused");
        Assert.Equal(fastHead, result.View.Task("fast")!.Head);
        Assert.Equal(1, result.View.Task("fast")!.Attempts);
        Assert.Equal(2, result.View.Task("slow")!.Attempts);
        var events = TeamHarness.Events(result);
        Assert.Single(events, e => e.Kind == EventKind.TaskClaimed && e.PayloadString("task_id") == "fast");
        Assert.Contains(events, e => e.Kind == EventKind.RetryScheduled && e.PayloadString("reason")!.StartsWith("resumed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resume_refuses_a_run_whose_lock_is_held_and_leaves_a_finished_run_unchanged()
    {
        using var harness = new TeamHarness();
        var crashed = await CrashedRunAsync(harness);
        var agent = new DoubleAgent((turn, _) =>
        {
            turn.Write("docs/slow.txt", "slow\n");
            return Task.FromResult("ok");
        });
        using (TeamRunLock.TryAcquire(crashed.Run.Path))
        {
            await Assert.ThrowsAsync<TeamRunBusyException>(() => new TeamRun(TimeProvider.System).ResumeAsync(crashed.Run, _ => harness.Request([], agent)));
        }

        Assert.Empty(agent.Turns);
        var finished = await new TeamRun(TimeProvider.System).ResumeAsync(crashed.Run, _ => harness.Request([], agent));
        var before = File.ReadAllText(finished.Run.EventsPath);

        var again = await new TeamRun(TimeProvider.System).ResumeAsync(crashed.Run, _ => harness.Request([], agent));

        Assert.True(again.AlreadyFinished);
        Assert.Equal(before, File.ReadAllText(again.Run.EventsPath));
    }

    [Fact]
    public async Task Resume_does_not_trust_a_completed_task_whose_branch_moved()
    {
        using var harness = new TeamHarness();
        var crashed = await CrashedRunAsync(harness);
        var branch = TeamLog.Read(crashed.Run.EventsPath).Task("fast")!.Branch!;
        harness.Repo.Git("branch", "-f", branch, "main");
        var agent = new DoubleAgent((turn, _) =>
        {
            turn.Write("docs/slow.txt", "slow\n");
            return Task.FromResult("ok");
        });

        var result = await new TeamRun(TimeProvider.System).ResumeAsync(crashed.Run, _ => harness.Request([], agent));

        var fast = result.View.Task("fast")!;
        Assert.Equal(TeamTaskStatus.Failed, fast.Status);
        Assert.Contains("not at", fast.Error, StringComparison.Ordinal);
        Assert.Equal(TeamProofProjection.Failed, result.Proof.Status);
    }
}
