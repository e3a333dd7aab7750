using Omk.Goals;
using Omk.Tests.Teams;

namespace Omk.Tests.Goals;

/// <summary>What <c>--deliver</c> does with a goal that is not ready and has nothing integrated: nothing, and the reason says so.</summary>
public sealed class GoalDeliveryTests
{
    [Fact]
    public async Task A_not_ready_goal_whose_tasks_integrated_nothing_pushes_nothing_and_says_so()
    {
        using var h = new GoalHarness("test -f a.txt");
        using var origin = new Omk.Testing.TempDirectory("omk-goal-origin");
        h.Repo.Git("init", "-q", "--bare", origin.Path);
        h.Repo.Git("remote", "add", "origin", origin.Path);
        var agent = new DoubleAgent((turn, _) =>
        {
            turn.Write("outside.txt", "not in the write set\n"); // every attempt fails its write set
            return Task.FromResult("done");
        });

        var result = await h.Controller(agent).StartAsync(
            GoalHarness.Request("a.txt exists", "a") with { Settings = new GoalSettings { FixRounds = 0, Deliver = "branch" } },
            new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);

        Assert.Equal(GoalStatus.NotReady, result.Status);
        Assert.EndsWith("nothing delivered: no task's work was integrated", result.Reason, StringComparison.Ordinal);
        Assert.Empty(h.Repo.Git("--git-dir", origin.Path, "for-each-ref"));
        Assert.Null(GoalLog.Read(Path.Combine(result.RunDir, Omk.Events.EventSchema.FileName)).Delivered);
    }
}
