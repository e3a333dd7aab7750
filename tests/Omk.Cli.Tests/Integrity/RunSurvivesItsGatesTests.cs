using System.Text.Json;
using Omk.Testing;

namespace Omk.Tests.Integrity;

/// <summary>A gate that deletes the state dir (git clean -xfd) does not lose the run.</summary>
public sealed class RunSurvivesItsGatesTests
{
    [Fact]
    public async Task Git_clean_as_a_gate_leaves_the_events_the_gate_logs_and_the_proof()
    {
        using var repo = new TempGitRepo();
        var result = await OmkProcess.RunAsync(
            repo.Path, "proof", "--gate", "before=!echo printed before the clean", "--gate", "clean=git clean -xfd", "--gate", "after=!echo printed after the clean", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var run = Directory.GetDirectories(Path.Combine(repo.Path, ".omk", "runs")).Single();
        Assert.Contains("printed before the clean", File.ReadAllText(Path.Combine(run, "gates", "01-before.log")), StringComparison.Ordinal);
        Assert.Contains("Removing .omk/", File.ReadAllText(Path.Combine(run, "gates", "02-clean.log")), StringComparison.Ordinal);
        Assert.Contains("printed after the clean", File.ReadAllText(Path.Combine(run, "gates", "03-after.log")), StringComparison.Ordinal);
        var kinds = File.ReadAllLines(Path.Combine(run, "events.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("kind").GetString()).ToList();
        Assert.Equal("run_started", kinds[0]);
        Assert.Equal(3, kinds.Count(k => k == "gate_passed"));
        Assert.Equal(["run_completed", "proof_written"], kinds.TakeLast(2));
        Assert.Equal("ready", JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "proof.json"))).RootElement.GetProperty("status").GetString());
        Assert.Equal(string.Empty, repo.Git("status", "--porcelain")); // the ignore rules came back too
    }
}
