using Omk.Events;
using Omk.Goals;
using Omk.Runs;
using Omk.Teams;
using Omk.Tests.Teams;

namespace Omk.Tests.Goals;

/// <summary>Stopped tasks continue from their own branches: after a cancel mid-turn, and after a pause at a turn boundary.</summary>
public sealed class GoalContinuationTests
{
    private const string Continues = "This task continues earlier work";

    private static CancellationToken Limit => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    [Fact]
    public async Task A_task_cancelled_mid_turn_continues_from_its_branch_with_its_uncommitted_work_checkpointed()
    {
        using var h = new GoalHarness("test -f a.txt && test -f b.txt && test -f b-part.txt");
        var cancelled = false;
        bool? sawPartial = null;
        var agent = GoalHarness.Writer(async (turn, cancellationToken) =>
        {
            if (turn.TaskId != "b")
            {
                return;
            }

            if (!cancelled)
            {
                cancelled = true;
                turn.Write("b-part.txt", "half\n"); // work the cancel interrupts before Omk commits it
                await new GoalControl(TimeProvider.System).CancelAsync(LatestGoal.Find(new RunStore(h.StateRoot), null)!, "a test cancels");
                await Task.Delay(TimeSpan.FromMinutes(1), cancellationToken);
            }

            sawPartial = File.Exists(Path.Combine(turn.WorkingDirectory, "b-part.txt")) && turn.Prompt.Contains(Continues, StringComparison.Ordinal);
        });
        var request = Request(
            """{"id":"a","prompt":"write a.txt","write_set":["a.txt"],"gates":[]}""",
            """{"id":"b","prompt":"write b.txt","write_set":["b.txt","b-part.txt"],"gates":[]}""") with
        { Settings = new GoalSettings { Agents = 1 } };

        var first = await h.Controller(agent).StartAsync(request, Limit);

        Assert.Equal(GoalStatus.Cancelled, first.Status);
        var run = new RunDirectory(new RunId(first.GoalId), first.RunDir);
        var stopped = GoalLog.Read(run.EventsPath).Rounds.Single();
        var oldBranch = TeamLog.Read(new RunStore(h.StateRoot).Find(stopped.TeamRunId!)!.EventsPath).Task("b")!;
        Assert.True(Directory.Exists(oldBranch.Worktree)); // kept, with the uncommitted file

        var resumed = await h.Controller(agent).ResumeAsync(run, Limit);

        Assert.Equal(GoalStatus.Ready, resumed.Status);
        Assert.True(sawPartial, "the continuing turn did not find its earlier work in its worktree");
        Assert.Equal("half", h.Repo.Git("show", resumed.Commit + ":b-part.txt"));
        var view = GoalLog.Read(run.EventsPath);
        var round = view.Rounds[1];
        Assert.Equal("continue", round.Kind);
        var continued = Assert.Single(round.Continued);
        Assert.Equal(("b", oldBranch.Branch), (continued.TaskId, continued.Branch));
        Assert.Contains("Omk-Checkpoint:", h.Repo.Git("log", "-1", "--format=%B", continued.Head), StringComparison.Ordinal);
        Assert.Equal(continued.Head, h.Repo.Git("rev-parse", oldBranch.Branch!));
        Assert.False(Directory.Exists(oldBranch.Worktree)); // clean after the checkpoint: removed, its branch keeps the work
        var continuedTask = TeamLog.Read(new RunStore(h.StateRoot).Find(round.TeamRunId!)!.EventsPath).Task("b")!;
        Assert.Equal(oldBranch.StartCommit, continuedTask.StartCommit); // its changes still counted from its first start
        Assert.Contains("b-part.txt", continuedTask.ChangedFiles);
        h.Repo.Git("merge-base", "--is-ancestor", continued.Head, continuedTask.Head!);
        Assert.Contains(GoalProofProjection.Read(run)!.Tasks, t => t.Id == "b" && t.ContinuedFrom == $"{oldBranch.Branch}@{continued.Head}");
    }

    [Fact]
    public async Task Pause_stops_a_multi_turn_task_after_its_turn_and_resume_continues_it_from_its_branch()
    {
        using var h = new GoalHarness("grep -q good a.txt");
        var agent = new DoubleAgent((turn, _) =>
        {
            if (turn.Prompt.Contains(GoalPrompts.ReviewerHeading, StringComparison.Ordinal))
            {
                return Task.FromResult(GoalHarness.Approve);
            }

            if (turn.TaskId == "a" && !turn.Prompt.Contains(Continues, StringComparison.Ordinal))
            {
                turn.Write("a.txt", "bad\n"); // its gate fails: a fix turn would follow
                var goal = LatestGoal.Find(new RunStore(h.StateRoot), null)!;
                Directory.CreateDirectory(goal.StateDirectory);
                File.WriteAllText(Path.Combine(goal.StateDirectory, GoalController.PauseFileName), "now");
                return Task.FromResult("done");
            }

            turn.Write($"{turn.TaskId}.txt", turn.TaskId == "a" ? "good\n" : turn.TaskId + "\n");
            return Task.FromResult("done");
        });
        var request = Request(
            """{"id":"a","prompt":"write a.txt","write_set":["a.txt"],"gates":["check"]}""",
            """{"id":"b","prompt":"write b.txt","write_set":["b.txt"],"gates":[]}""") with
        { Settings = new GoalSettings { Agents = 1 } };

        var paused = await h.Controller(agent).StartAsync(request, Limit);

        Assert.Equal(GoalStatus.Paused, paused.Status);
        Assert.Equal(130, paused.ExitCode);
        var only = Assert.Single(agent.Turns); // no fix turn, and b never started
        Assert.Equal("a", only.TaskId);
        var run = new RunDirectory(new RunId(paused.GoalId), paused.RunDir);
        var round = GoalLog.Read(run.EventsPath).Rounds.Single();
        Assert.Equal(TeamProofProjection.Paused, round.TeamFinished!.Status);
        var a = TeamLog.Read(new RunStore(h.StateRoot).Find(round.TeamRunId!)!.EventsPath).Task("a")!;
        Assert.Equal(TeamTaskStatus.Paused, a.Status);
        Assert.Equal("bad", h.Repo.Git("show", a.Head + ":a.txt")); // its turn's work is committed on its branch

        var resumed = await h.Controller(agent).ResumeAsync(run, Limit);

        Assert.Equal(GoalStatus.Ready, resumed.Status);
        var next = agent.Turns.Skip(1).First();
        Assert.Equal("a", next.TaskId);
        Assert.Contains(Continues, next.Prompt, StringComparison.Ordinal);
        Assert.Contains("check", next.Prompt, StringComparison.Ordinal); // the earlier gate round's findings
        Assert.Equal("good", h.Repo.Git("show", resumed.Commit + ":a.txt"));
        Assert.Equal("b", h.Repo.Git("show", resumed.Commit + ":b.txt"));
        Assert.Equal(2, EventReader.Read(run.EventsPath).Count(e => e.Kind == EventKind.TaskOutput && e.PayloadString("wire_event") == "goal_round_started"));
    }

    private static GoalRequest Request(params string[] tasks) => new()
    {
        Goal = "the files exist",
        Plan = TaskFile.Parse($$"""{"tasks":[{{string.Join(",", tasks)}}]}""", "plan.json"),
    };
}
