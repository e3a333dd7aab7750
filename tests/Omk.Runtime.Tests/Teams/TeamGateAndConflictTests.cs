using Omk.Events;
using Omk.Gates;
using Omk.Processes;
using Omk.Teams;

namespace Omk.Tests.Teams;

public sealed class TeamGateAndConflictTests
{
    [Fact]
    public async Task A_task_runs_the_declared_gates_it_names_or_all_of_them_in_its_worktree()
    {
        using var harness = new TeamHarness();
        var declared = new GateSet(
            [
                new GateDefinition { Name = "has-note", Command = ProcessCommand.Shell("test -f note.txt") },
                new GateDefinition { Name = "always", Command = ProcessCommand.Shell("true") },
            ],
            "test");
        var agent = new DoubleAgent((turn, _) =>
        {
            turn.Write(turn.TaskId == "named" ? "note.txt" : "other.txt", "x\n");
            return Task.FromResult("ok");
        });
        var tasks = TeamHarness.Tasks("""
            {"tasks":[
              {"id":"named","prompt":"p","write_set":["note.txt"],"gates":["has-note"]},
              {"id":"all","prompt":"p","write_set":["other.txt"]}
            ]}
            """);

        var result = await harness.RunAsync(tasks, agent, gates: declared);

        Assert.Equal(["has-note passed"], result.View.Task("named")!.Gates.Select(g => $"{g.Name} {g.Status}"));
        var all = result.View.Task("all")!;
        Assert.Equal(TeamTaskStatus.Failed, all.Status);
        Assert.Equal(["has-note failed", "always passed"], all.Gates.Select(g => $"{g.Name} {g.Status}"));
        Assert.Contains(agent.Turns, t => t.TaskId == "all" && t.Prompt.Contains("Gates that will judge the result: has-note, always", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dependencies_whose_branches_conflict_fail_the_task_as_conflict_with_the_paths()
    {
        using var harness = new TeamHarness();
        var agent = new DoubleAgent((turn, _) =>
        {
            turn.Write("README.md", $"rewritten by {turn.TaskId}\n");
            return Task.FromResult("ok");
        });
        var tasks = TeamHarness.Tasks("""
            {"tasks":[
              {"id":"left","prompt":"p","write_set":["README.md"]},
              {"id":"right","prompt":"p","write_set":["README.md"]},
              {"id":"join","prompt":"p","depends_on":["left","right"],"write_set":["x"]}
            ]}
            """);

        var result = await harness.RunAsync(tasks, agent);

        var join = result.View.Task("join")!;
        Assert.Equal(TeamTaskStatus.Conflict, join.Status);
        Assert.Equal(["conflict: README.md"], join.Findings);
        Assert.Equal(1, join.Attempts); // a conflict is not retried
        Assert.DoesNotContain(agent.Turns, t => t.TaskId == "join");
        var events = TeamHarness.Events(result);
        var left = events.Single(e => e.Kind == EventKind.TaskStarted && e.PayloadString("task_id") == "left");
        var leftDone = events.FindIndex(e => e.Kind == EventKind.TaskCompleted && e.PayloadString("task_id") == "left");
        var rightStart = events.FindIndex(e => e.Kind == EventKind.TaskClaimed && e.PayloadString("task_id") == "right");
        Assert.NotNull(left);
        Assert.True(rightStart > leftDone, "tasks with overlapping write sets ran at the same time");
    }
}
