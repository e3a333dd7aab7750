using System.Text.Json;
using Omk.Testing;

namespace Omk.Tests.Integrity;

/// <summary>A run's verdict is sealed by its end: nothing appended later (by a gate's leftover or anyone) can turn it.</summary>
public sealed class SealedVerdictTests
{
    [Fact]
    public async Task A_gate_child_that_appends_gate_passed_after_the_run_is_killed_and_a_late_line_is_ignored_and_reported()
    {
        using var repo = new TempGitRepo();
        var pids = Path.Combine(repo.Path, "pids.txt");

        // The failing gate leaves a double-forked and a setsid child that, a second later, append gate_passed for it.
        var late = "sleep 1; grep gate_failed \"$OMK_RUN_DIR/events.jsonl\" | sed s/gate_failed/gate_passed/ >> \"$OMK_RUN_DIR/events.jsonl\"";
        var gate = $"broken=!( sh -c 'echo $$ >> \"{pids}\"; {late}' & ); setsid -f sh -c 'echo $$ >> \"{pids}\"; {late}'; " +
            $"until [ \"$(cat \"{pids}\" 2>/dev/null | wc -l)\" -ge 2 ]; do sleep 0.05; done; exit 1"; // fails only once both children have written their pids
        var result = await OmkProcess.RunAsync(repo.Path, "proof", "--gate", gate, "--json");
        Assert.True(result.ExitCode == 1, result.ToString());
        var run = Directory.GetDirectories(Path.Combine(repo.Path, ".omk", "runs")).Single();
        var events = Path.Combine(run, "events.jsonl");
        var before = File.ReadAllText(events);

        Assert.Equal(2, Survivors.Pids(pids).Count);
        Assert.Empty(await Survivors.AliveAsync(Survivors.Pids(pids), TimeSpan.FromSeconds(1)));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(before, File.ReadAllText(events)); // the would-be late writers were killed with their gate
        var proof = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "proof.json"))).RootElement;
        Assert.Contains("leftover_processes_killed", proof.GetProperty("gates")[0].GetProperty("evidence").GetRawText(), StringComparison.Ordinal);

        // A writer that escaped anyway (another user, a hand edit): the fold ignores its line and says so.
        var failed = File.ReadAllLines(events).Single(l => l.Contains("\"gate_failed\"", StringComparison.Ordinal));
        var forged = failed.Replace("gate_failed", "gate_passed", StringComparison.Ordinal)
            .Replace(JsonDocument.Parse(failed).RootElement.GetProperty("id").GetString()!, Guid.NewGuid().ToString(), StringComparison.Ordinal);
        File.AppendAllText(events, forged + "\n");

        var shown = await OmkProcess.RunAsync(repo.Path, "proof", "show", "latest", "--regenerate", "--format", "json");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        var regenerated = JsonDocument.Parse(shown.Stdout).RootElement;
        Assert.Equal("failed", regenerated.GetProperty("status").GetString());
        Assert.Contains(regenerated.GetProperty("known_gaps").EnumerateArray(), g => g.GetString()!.StartsWith("integrity: 1 event(s) appended after the run ended were ignored (gate_passed)", StringComparison.Ordinal));

        var timeline = await OmkProcess.RunAsync(repo.Path, "runs", "show", "latest");
        Assert.True(timeline.ExitCode == 0, timeline.ToString());
        Assert.Contains("integrity: 1 event(s) appended after the run ended were ignored", timeline.Stdout, StringComparison.Ordinal);
    }
}
