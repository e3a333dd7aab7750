using System.Text.Json;
using Omk.Testing;

namespace Omk.Tests.Replay;

/// <summary>
/// <c>omk replay RUN --verify</c> with real git repositories and real omk processes: the recorded tree is rebuilt in a
/// fresh worktree (commit plus the recorded dirty patch) and the gates run again as a new, linked run.
/// </summary>
public sealed class ReplayVerifyCommandTests
{
    private static async Task<(ChildProcess.Result Result, JsonElement Verification)> VerifyAsync(TempGitRepo repo, TempDirectory outside, int exit, params string[] args)
    {
        var result = await OmkProcess.RunAsync(repo.Path, Environment(outside), ["replay", .. args, "--verify", "--json"]);
        Assert.True(result.ExitCode == exit, result.ToString());
        return (result, JsonDocument.Parse(result.Stdout).RootElement.Clone());
    }

    private static Dictionary<string, string?> Environment(TempDirectory outside) => new()
    {
        ["OMK_CACHE_DIR"] = outside.Combine("cache"),
        ["XDG_STATE_HOME"] = outside.Combine("state"),
    };

    private static async Task<string> ProofAsync(TempGitRepo repo, TempDirectory outside, int exit, params string[] gates)
    {
        var result = await OmkProcess.RunAsync(repo.Path, Environment(outside), ["proof", "--json", .. gates.SelectMany(g => new[] { "--gate", g })]);
        Assert.True(result.ExitCode == exit, result.ToString());
        return JsonDocument.Parse(result.Stdout).RootElement.GetProperty("run_id").GetString()!;
    }

    private static IReadOnlyList<string> Verdicts(JsonElement verification) =>
        verification.GetProperty("gates").EnumerateArray().Select(g => $"{g.GetProperty("gate").GetString()} {g.GetProperty("verdict").GetString()}").ToList();

    [Fact]
    public async Task A_passing_run_is_reproduced_by_a_new_run_linked_to_it_in_a_worktree_that_is_then_removed()
    {
        using var repo = new TempGitRepo();
        using var outside = new TempDirectory("omk-verify");
        repo.Write("src/app.txt", "ready\n");
        repo.Commit("app");
        var run = await ProofAsync(repo, outside, 0, "app=grep -q ready src/app.txt", "also=true");

        var (_, verification) = await VerifyAsync(repo, outside, 0, run);

        Assert.Equal(["app reproduced", "also reproduced"], Verdicts(verification));
        var verifying = verification.GetProperty("verification_run").GetString()!;
        Assert.NotEqual(run, verifying);
        var started = JsonDocument.Parse(File.ReadLines(Path.Combine(repo.Path, ".omk", "runs", verifying, "events.jsonl")).First()).RootElement.GetProperty("payload");
        Assert.Equal(run, started.GetProperty("verifies_run").GetString());
        Assert.Equal(repo.Git("rev-parse", "HEAD"), started.GetProperty("commit").GetString());
        Assert.DoesNotContain("verify", repo.Git("worktree", "list"), StringComparison.Ordinal);
        Assert.DoesNotContain(
            Directory.EnumerateDirectories(Path.Combine(outside.Path, "state", "omk", "worktrees"), "*", SearchOption.AllDirectories),
            d => File.Exists(Path.Combine(d, ".git")));
    }

    [Fact]
    public async Task A_run_on_a_dirty_tree_is_reproduced_on_its_recorded_patch_though_the_file_changed_since()
    {
        using var repo = new TempGitRepo();
        using var outside = new TempDirectory("omk-verify");
        repo.Write("config.txt", "mode=old\n");
        repo.Commit("config");
        repo.Write("config.txt", "mode=new\n"); // modified, not committed
        repo.Write("data/blob.bin", "\0\u0001\u0002binary\n"); // untracked, binary
        var run = await ProofAsync(repo, outside, 0, "config=grep -q mode=new config.txt", "blob=test -s data/blob.bin");
        Assert.True(File.Exists(Path.Combine(repo.Path, ".omk", "runs", run, "dirty.patch")));

        repo.Write("config.txt", "mode=changed-after-the-run\n");
        File.Delete(Path.Combine(repo.Path, "data", "blob.bin"));
        var now = await OmkProcess.RunAsync(repo.Path, Environment(outside), "proof", "--gate", "config=grep -q mode=new config.txt");
        Assert.True(now.ExitCode == 1, now.ToString()); // the gate fails on today's tree...

        var (_, verification) = await VerifyAsync(repo, outside, 0, run);

        Assert.Equal(["config reproduced", "blob reproduced"], Verdicts(verification)); // ...and passes on the judged one
        Assert.True(verification.GetProperty("patch_applied").GetBoolean());
    }

    [Fact]
    public async Task A_gate_that_reads_the_clock_diverges_with_both_outcomes_and_exit_1_and_gate_selects_what_reruns()
    {
        using var repo = new TempGitRepo();
        using var outside = new TempDirectory("omk-verify");
        repo.Write("deadline", (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
        repo.Commit("deadline");
        var run = await ProofAsync(repo, outside, 0, "clock=!test $(date +%s) -lt $(cat deadline)", "steady=true");
        var wait = DateTimeOffset.FromUnixTimeSeconds(long.Parse(File.ReadAllText(Path.Combine(repo.Path, "deadline")).Trim(), System.Globalization.CultureInfo.InvariantCulture)) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait + TimeSpan.FromSeconds(1));
        }

        var (result, verification) = await VerifyAsync(repo, outside, 1, run);

        Assert.Equal(["clock diverged", "steady reproduced"], Verdicts(verification));
        var clock = verification.GetProperty("gates")[0];
        Assert.Equal("passed", clock.GetProperty("original").GetString());
        Assert.Equal("failed: exit code 1", clock.GetProperty("now").GetString());

        var (_, only) = await VerifyAsync(repo, outside, 0, run, "--gate", "steady");
        Assert.Equal(["steady reproduced"], Verdicts(only));
        var text = await OmkProcess.RunAsync(repo.Path, Environment(outside), "replay", run, "--verify");
        Assert.True(text.ExitCode == 1, text.ToString());
        Assert.Contains("original: passed; now: failed: exit code 1", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_without_verify_and_an_altered_patch_are_usage_errors()
    {
        using var repo = new TempGitRepo();
        using var outside = new TempDirectory("omk-verify");
        repo.Write("new.txt", "dirty\n");
        var run = await ProofAsync(repo, outside, 0, "ok=true");

        var noVerify = await OmkProcess.RunAsync(repo.Path, Environment(outside), "replay", run, "--gate", "ok");
        Assert.True(noVerify.ExitCode == 2, noVerify.ToString());
        Assert.Contains("--gate names the gates to re-run: it needs --verify", noVerify.Stderr, StringComparison.Ordinal);

        File.AppendAllText(Path.Combine(repo.Path, ".omk", "runs", run, "dirty.patch"), "tampered\n");
        var altered = await OmkProcess.RunAsync(repo.Path, Environment(outside), "replay", run, "--verify");
        Assert.True(altered.ExitCode == 2, altered.ToString());
        Assert.Contains("dirty.patch of run " + run + " is not the recorded patch", altered.Stderr, StringComparison.Ordinal);
    }
}
