using System.Text.Json;
using Omk.Gates;
using Omk.Processes;
using Omk.Testing;

namespace Omk.Tests.Teams;

/// <summary>Team tasks run their gates with the same runner and cache as omk proof: a task's passed gate is not run again on the same tree.</summary>
public sealed class TeamGateReuseTests
{
    [Fact]
    public async Task A_second_team_run_that_produces_the_same_tree_reuses_the_tasks_passed_gate()
    {
        using var harness = new TeamHarness();
        using var outside = new TempDirectory("omk-team-reuse");
        var counter = outside.Combine("ran.txt");
        var declared = new GateSet([new GateDefinition { Name = "check", Command = ProcessCommand.Shell($"test -f note.txt && echo check >> '{counter}'") }], "test");
        var agent = new DoubleAgent((turn, _) =>
        {
            turn.Write("note.txt", "the same change\n");
            return Task.FromResult("ok");
        });
        var tasks = TeamHarness.Tasks("""{"tasks":[{"id":"t","prompt":"p","write_set":["note.txt"]}]}""");

        var first = await harness.RunAsync(tasks, agent, gates: declared);
        Assert.Equal(["check passed"], first.View.Task("t")!.Gates.Select(g => $"{g.Name} {g.Status}"));
        Assert.Single(File.ReadAllLines(counter));

        var second = await harness.RunAsync(tasks, agent, gates: declared);

        Assert.Equal(["check passed"], second.View.Task("t")!.Gates.Select(g => $"{g.Name} {g.Status}"));
        Assert.Single(File.ReadAllLines(counter)); // the gate process did not start again
        var firstGate = TaskProofGate(first.Run.Path);
        var secondGate = TaskProofGate(second.Run.Path);
        Assert.Equal(firstGate.GetProperty("input_key").GetString(), secondGate.GetProperty("input_key").GetString());
        Assert.StartsWith(first.Run.RunId.Value, secondGate.GetProperty("reused_from").GetProperty("run").GetString(), StringComparison.Ordinal);
    }

    private static JsonElement TaskProofGate(string runDirectory) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(runDirectory, "tasks", "t", "proof.json"))).RootElement.GetProperty("gates")[0].Clone();
}
