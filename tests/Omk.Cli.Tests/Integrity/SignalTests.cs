using System.Text.Json;
using Omk.Testing;

namespace Omk.Tests.Integrity;

/// <summary>A signal to omk (CI cancel, closed terminal, Ctrl+C) ends the run with a proof; SIGKILL leaves a run marked crashed.</summary>
public sealed class SignalTests
{
    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("HUP", 129)]
    [InlineData("INT", 130)]
    public async Task A_signal_stops_the_gate_tree_and_writes_a_cancelled_proof_with_the_output_so_far(string signal, int exitCode)
    {
        using var repo = new TempGitRepo();
        var pids = Path.Combine(repo.Path, "pids.txt");
        var gate = $"slow=!{Survivors.Spawner(pids)}for i in 1 2 3; do echo line $i; done; sleep 300";
        using var omk = LiveOmk.Start(repo.Path, "proof", "--gate", "first=true", "--gate", gate, "--json");
        var runs = Path.Combine(repo.Path, ".omk", "runs");
        await WaitForGateLogAsync(runs, "02-slow.log", "line 3");

        omk.Signal(signal);
        var result = await omk.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        var run = Directory.GetDirectories(runs).Single();
        var proof = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "proof.json"))).RootElement;
        Assert.Equal("cancelled", proof.GetProperty("status").GetString());
        Assert.Equal("passed", proof.GetProperty("gates")[0].GetProperty("status").GetString());
        Assert.Contains(proof.GetProperty("failures").EnumerateArray(), f => f.GetProperty("description").GetString()!.Contains("interrupted by SIG" + signal, StringComparison.Ordinal));
        Assert.Contains("line 3", File.ReadAllText(Path.Combine(run, "gates", "02-slow.log")), StringComparison.Ordinal);
        Assert.Equal(3, Survivors.Pids(pids).Count);
        Assert.Empty(await Survivors.AliveAsync(Survivors.Pids(pids), TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task After_a_SIGKILL_the_run_is_listed_as_crashed_with_what_was_recorded_and_its_log_lines()
    {
        using var repo = new TempGitRepo();
        var pids = Path.Combine(repo.Path, "pids.txt");
        using var omk = LiveOmk.Start(repo.Path, "proof", "--gate", "first=true", "--gate", $"slow=!echo $$ >> '{pids}'; echo printed before the kill; sleep 300");
        var runs = Path.Combine(repo.Path, ".omk", "runs");
        await WaitForGateLogAsync(runs, "02-slow.log", "printed before the kill");

        var listedWhileRunning = await OmkProcess.RunAsync(repo.Path, "runs", "list");
        omk.Signal("KILL");
        await omk.WaitAsync(TimeSpan.FromSeconds(30));
        Survivors.Kill(Survivors.Pids(pids)); // a SIGKILL leaves Omk no chance to stop its gate

        Assert.Contains("running", listedWhileRunning.Stdout, StringComparison.Ordinal);
        var list = await OmkProcess.RunAsync(repo.Path, "runs", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("crashed", list.Stdout, StringComparison.Ordinal);
        var show = await OmkProcess.RunAsync(repo.Path, "runs", "show", "latest");
        Assert.Contains("crashed: the process writing this run died without ending it", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 gate(s) finished; unfinished: slow", show.Stdout, StringComparison.Ordinal);
        var run = Directory.GetDirectories(runs).Single();
        Assert.Contains("printed before the kill", File.ReadAllText(Path.Combine(run, "gates", "02-slow.log")), StringComparison.Ordinal);
    }

    private static async Task WaitForGateLogAsync(string runs, string log, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && (!Directory.Exists(runs) || Directory.GetDirectories(runs).Length == 0))
        {
            await Task.Delay(50);
        }

        var run = Directory.GetDirectories(runs).Single();
        await LiveOmk.WaitForTextAsync(Path.Combine(run, "gates", log), text, TimeSpan.FromSeconds(60));
    }
}
