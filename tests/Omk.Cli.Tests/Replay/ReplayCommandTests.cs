using System.Text.Json;
using Omk.Testing;

namespace Omk.Tests.Replay;

/// <summary><c>omk replay</c>: the timeline of a real run, read where it lies (even copied out of its repository).</summary>
public sealed class ReplayCommandTests
{
    [Fact]
    public async Task A_failed_run_replays_its_gates_and_verdict_also_when_copied_elsewhere()
    {
        using var repo = new TempGitRepo();
        var proof = await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "build=true", "--gate", "test=!echo boom >&2; exit 4");
        Assert.True(proof.ExitCode == 1, proof.ToString());

        var replay = await OmkProcess.RunAsync(repo.Path, "replay");
        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Matches(@"gate\s+build\s+passed", replay.Stdout);
        Assert.Matches(@"gate\s+test\s+failed\s+\S+s\s+exit 4", replay.Stdout);
        Assert.Contains("verdict: failed (proof run run-", replay.Stdout, StringComparison.Ordinal);
        Assert.Contains("  why: gate test failed", replay.Stdout, StringComparison.Ordinal);

        var runs = Path.Combine(repo.Path, ".omk", "runs");
        var id = File.ReadAllText(Path.Combine(runs, "latest")).Trim();
        using var elsewhere = new TempDirectory("omk-replay");
        var copy = elsewhere.Combine(id);
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(runs, id, "events.jsonl"), Path.Combine(copy, "events.jsonl"));
        var json = await OmkProcess.RunAsync(elsewhere.Path, "replay", copy, "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var verdict = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("verdict");
        Assert.Equal(id, verdict.GetProperty("run_id").GetString());
        Assert.Equal("failed", verdict.GetProperty("status").GetString());
        Assert.Equal(2, verdict.GetProperty("gates").GetInt64());

        var unknown = await OmkProcess.RunAsync(repo.Path, "replay", "run-19990101-000000-000");
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("There is no run 'run-19990101-000000-000'", unknown.Stderr, StringComparison.Ordinal);
    }
}
