using System.Text.Json.Nodes;
using Omk.Agents.Tests.Support;
using Omk.Events;

namespace Omk.Agents.Tests;

/// <summary>`omk goal pause` while a worker's turn runs: the goal stops after that turn, and `omk goal resume` continues the task from its branch.</summary>
public sealed class OmkGoalPauseTests
{
    [Fact]
    public async Task Pause_during_a_multi_turn_task_stops_after_that_turn_and_resume_continues_it_from_its_branch_to_ready()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var goal = await KimiGoal.CreateAsync(
            new Dictionary<string, FakeAnswer[]>
            {
                ["multi"] =
                [
                    FakeAnswer.Call("Write", new JsonObject { ["path"] = "a.txt", ["content"] = "bad\n" }, "Writing a.txt."),
                    FakeAnswer.Say("Done.") with { Release = release.Task }, // the turn ends when the test says so
                    .. KimiGoal.WriteThenDone("a.txt", "good\n"),
                ],
                ["later"] = KimiGoal.WriteThenDone("later.txt", "later\n"),
                ["reviewer"] = [KimiGoal.Approve()],
            },
            """gate "good" { shell "grep -q good a.txt" }""");
        var plan = Path.Combine(goal.Team.StateDir, "..", "plan.json");
        File.WriteAllText(plan, KimiGoal.Plan(
            $$"""{"id":"multi","title":"multi","prompt":"{{FakeLlm.RouteMarker("multi")}} Write a.txt with good in it.","write_set":["a.txt"],"gates":["good"]}""",
            KimiGoal.Task("later", "Write later.txt.", "later.txt")));

        var running = goal.OmkAsync(goal.Args("a.txt says good and later.txt exists", "--plan", plan, "--agents", "1"));
        while (goal.Llm.ServedFor("multi") < 2)
        {
            if (running.IsCompleted)
            {
                Assert.Fail("omk ended before the multi task's turn: " + await running);
            }

            await Task.Delay(100);
        }

        var pause = await goal.OmkAsync(goal.Control("goal", "pause"));
        Assert.True(pause.ExitCode == 0, pause.ToString());
        Assert.Contains("pause requested", pause.Stdout, StringComparison.Ordinal);
        release.SetResult();
        var first = await running;

        Assert.True(first.ExitCode == 130, first.ToString());
        var json = KimiGoal.Json(first);
        Assert.Equal("paused", json.GetProperty("status").GetString());
        Assert.Equal(2, goal.Llm.ServedFor("multi")); // the fix turn was not started
        Assert.Equal(0, goal.Llm.ServedFor("later")); // nor the next task
        var runDir = json.GetProperty("run_dir").GetString()!;
        Assert.Contains(KimiGoal.Events(runDir), e => e.Kind == EventKind.GoalPaused);
        var status = await goal.OmkAsync(goal.Control("goal", "status"));
        Assert.Matches(@"multi\s+paused", status.Stdout);

        var resumed = await goal.OmkAsync(goal.Control("goal", "resume", "--json"));

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        var done = KimiGoal.Json(resumed);
        Assert.Equal("ready", done.GetProperty("status").GetString());
        Assert.Equal(4, goal.Llm.ServedFor("multi"));
        Assert.Equal(2, goal.Llm.ServedFor("later"));
        Assert.Contains(goal.Llm.ScriptedRequests, r => r.Contains("This task continues earlier work", StringComparison.Ordinal) && r.Contains("[route:multi]", StringComparison.Ordinal));
        var rounds = KimiGoal.Steps(runDir, "goal_round_started");
        Assert.Equal(["plan", "continue"], rounds.Select(r => r.PayloadString("round_kind")));
        Assert.Equal("multi", rounds[1].Payload!.Value.GetProperty("continued")[0].GetProperty("task_id").GetString());
        Assert.Equal("good", goal.Repo.Git("show", done.GetProperty("commit").GetString() + ":a.txt"));
    }
}
