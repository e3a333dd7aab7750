using System.Text.Json;
using Omk.Events;
using Omk.Goals;
using Omk.Runs;
using Omk.Teams;
using Omk.Tests.Teams;

namespace Omk.Tests.Goals;

/// <summary>The goal controller in process, with a double agent: the whole path, pause, cancel, resume and the lock.</summary>
public sealed class GoalControllerTests
{
    private static CancellationToken Limit => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    [Fact]
    public async Task A_given_plan_is_run_integrated_verified_reviewed_and_ready_with_a_proof_of_it()
    {
        using var h = new GoalHarness("test -f a.txt && test -f b.txt");

        var result = await h.Controller(GoalHarness.Writer()).StartAsync(GoalHarness.Request("a.txt and b.txt exist", "a", "b"), Limit);

        Assert.Equal(GoalStatus.Ready, result.Status);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(result.Commit, h.Repo.Git("rev-parse", result.Branch));
        Assert.Equal("a.txt\nb.txt", string.Join('\n', h.Repo.Git("ls-tree", "--name-only", result.Commit!).Split('\n').Where(f => f.EndsWith(".txt", StringComparison.Ordinal))));
        using var proof = JsonDocument.Parse(File.ReadAllText(result.ProofJson!));
        Assert.Equal("ready", proof.RootElement.GetProperty("status").GetString());
        Assert.Equal(result.Commit, proof.RootElement.GetProperty("commit").GetString());
        Assert.Equal("approve", proof.RootElement.GetProperty("review_verdict").GetString());
        Assert.InRange(proof.RootElement.GetProperty("orchestration_share").GetDouble(), 0, 1);
        Assert.Contains("# Goal", File.ReadAllText(result.ProofMd!), StringComparison.Ordinal);
        var events = EventReader.ReadAll(Path.Combine(result.RunDir, EventSchema.FileName)).Events;
        Assert.Equal("goal", events[0].PayloadString("mode"));
        Assert.Equal(EventKind.RunCompleted, events.Last(e => e.Kind != EventKind.ProofWritten).Kind);
    }

    [Fact]
    public async Task Pause_stops_at_the_turn_boundary_without_sealing_and_resume_finishes()
    {
        using var h = new GoalHarness();
        var agent = GoalHarness.Writer((turn, _) =>
        {
            var goal = Directory.GetDirectories(Path.Combine(h.StateRoot, "runs")).Single(d => LatestGoal.IsGoal(new RunDirectory(new RunId(Path.GetFileName(d)), d)));
            Directory.CreateDirectory(Path.Combine(goal, "state"));
            File.WriteAllText(Path.Combine(goal, "state", GoalController.PauseFileName), "now");
            return Task.CompletedTask;
        });

        var paused = await h.Controller(agent).StartAsync(GoalHarness.Request("a.txt exists", "a"), Limit);

        Assert.Equal(GoalStatus.Paused, paused.Status);
        Assert.Equal(130, paused.ExitCode);
        var run = new RunDirectory(new RunId(paused.GoalId), paused.RunDir);
        Assert.DoesNotContain(EventReader.Read(run.EventsPath), e => RunSeal.IsTerminal(e.Kind));
        Assert.Contains(EventReader.Read(run.EventsPath), e => e.Kind == EventKind.GoalPaused);

        var resumed = await h.Controller(GoalHarness.Writer()).ResumeAsync(run, Limit);

        Assert.Equal(GoalStatus.Ready, resumed.Status);
        Assert.Single(GoalLog.Read(run.EventsPath).Rounds); // the round was not run again
    }

    [Fact]
    public async Task Cancel_stops_the_running_round_and_resume_runs_only_what_was_not_finished()
    {
        using var h = new GoalHarness();
        var cancelled = false;
        var agent = GoalHarness.Writer(async (turn, cancellationToken) =>
        {
            if (turn.TaskId == "b" && !cancelled)
            {
                cancelled = true;
                var goal = LatestGoal.Find(new RunStore(h.StateRoot), null)!;
                await new GoalControl(TimeProvider.System).CancelAsync(goal, "a test cancels");
                await Task.Delay(TimeSpan.FromMinutes(1), cancellationToken); // stopped by the cancel
            }
        });
        var request = GoalHarness.Request("a.txt and b.txt exist", "a", "b") with { Settings = new GoalSettings { Agents = 1 } };

        var first = await h.Controller(agent).StartAsync(request, Limit);

        Assert.Equal(GoalStatus.Cancelled, first.Status);
        var run = new RunDirectory(new RunId(first.GoalId), first.RunDir);
        Assert.Contains(EventReader.Read(run.EventsPath), e => e.Kind == EventKind.ManualInterrupt);
        var turns = agent.Turns.Count;

        var resumed = await h.Controller(agent).ResumeAsync(run, Limit);

        Assert.Equal(GoalStatus.Ready, resumed.Status);
        Assert.DoesNotContain(agent.Turns.Skip(turns), t => t.TaskId == "a"); // a was done before the cancel
        Assert.Equal("b\n", h.Repo.Git("show", resumed.Commit + ":b.txt") + "\n");
    }

    [Fact]
    public async Task A_second_controller_on_the_same_goal_is_refused()
    {
        using var h = new GoalHarness();
        var result = await h.Controller(GoalHarness.Writer()).StartAsync(GoalHarness.Request("a.txt exists", "a") with { PlanOnly = true }, Limit);
        var run = new RunDirectory(new RunId(result.GoalId), result.RunDir);
        using var held = TeamRunLock.TryAcquire(run.Path);
        Assert.NotNull(held);

        await Assert.ThrowsAsync<TeamRunBusyException>(() => h.Controller(GoalHarness.Writer()).ResumeAsync(run, Limit));
    }

    [Fact]
    public async Task A_planner_that_asks_questions_blocks_the_goal_before_any_worker_runs()
    {
        using var h = new GoalHarness();
        var agent = new DoubleAgent((turn, _) => Task.FromResult(turn.Prompt.Contains(GoalPrompts.PlannerHeading, StringComparison.Ordinal)
            ? "```json\n{\"questions\":[\"Which API?\"]}\n```"
            : "should not run"));

        var result = await h.Controller(agent).StartAsync(new GoalRequest { Goal = "make it better" }, Limit);

        Assert.Equal(GoalStatus.BlockedOnHuman, result.Status);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("Which API?", result.Reason, StringComparison.Ordinal);
        Assert.Single(agent.Turns);
    }
}
