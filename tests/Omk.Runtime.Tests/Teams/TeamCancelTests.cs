using Omk.Events;
using Omk.Teams;

namespace Omk.Tests.Teams;

public sealed class TeamCancelTests
{
    [Fact]
    public async Task Cancel_of_a_live_run_stops_its_workers_and_ends_it_as_cancelled_with_a_proof()
    {
        using var harness = new TeamHarness();
        var working = new TaskCompletionSource();
        var agent = new DoubleAgent(async (turn, ct) =>
        {
            working.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        });
        var running = harness.RunAsync(TeamHarness.Tasks("""{"tasks":[{"id":"a","prompt":"Wait.","write_set":["a/**"]},{"id":"b","prompt":"After.","depends_on":["a"],"write_set":["b/**"]}]}"""), agent);
        await working.Task.WaitAsync(TimeSpan.FromMinutes(1));
        var run = Runs.RunStore.For(harness.Repo.Path, harness.StateRoot).Find("latest")!;

        var said = await new TeamRun(TimeProvider.System).CancelAsync(run);
        var result = await running.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.StartsWith("cancel requested", said, StringComparison.Ordinal);
        Assert.Equal(TeamProofProjection.Cancelled, result.Proof.Status);
        Assert.Equal(TeamTaskStatus.Cancelled, result.View.Task("a")!.Status);
        var events = TeamHarness.Events(result);
        Assert.Contains(events, e => e.Kind == EventKind.ManualInterrupt);
        Assert.Contains(events, e => e.Kind == EventKind.RunFailed && e.PayloadString("reason")!.StartsWith("cancelled", StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.Kind == EventKind.TaskClaimed && e.PayloadString("task_id") == "b");
        Assert.True(File.Exists(result.Run.ProofJsonPath));
        Assert.StartsWith("run ", await new TeamRun(TimeProvider.System).CancelAsync(run), StringComparison.Ordinal); // already ended: nothing to do
    }
}
