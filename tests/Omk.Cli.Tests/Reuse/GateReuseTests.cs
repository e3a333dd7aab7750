using Omk.Testing;

namespace Omk.Tests.Reuse;

/// <summary>
/// Passed gate results reused by their input key, with real git repositories and real omk processes: the counter file
/// outside the repository says which gate processes ran.
/// </summary>
public sealed class GateReuseTests
{
    [Fact]
    public async Task A_second_proof_on_an_unchanged_tree_reuses_every_gate_and_starts_no_gate_process()
    {
        using var repo = new ReuseRepo();
        string[] gates = ["--gate", repo.Counting("build"), "--gate", repo.Counting("test"), "--after", "test:build"];
        var first = await repo.ProofAsync(gates);
        Assert.Equal(["build", "test"], repo.Ran());
        Assert.Null(ReuseRepo.ReusedFrom(first, "build"));

        var second = await repo.ProofAsync(gates);

        Assert.Equal(["build", "test"], repo.Ran()); // no gate process started
        Assert.Equal("ready", second.GetProperty("status").GetString());
        foreach (var gate in new[] { "build", "test" })
        {
            Assert.Equal(ReuseRepo.RunId(first), ReuseRepo.ReusedFrom(second, gate));
            Assert.Equal(gate, ReuseRepo.Gate(second, gate).GetProperty("reused_from").GetProperty("gate").GetString());
            Assert.Equal(ReuseRepo.InputKey(first, gate), ReuseRepo.InputKey(second, gate));
            Assert.Matches("^[0-9a-f]{64}$", ReuseRepo.InputKey(second, gate));
            // The original evidence, and its log copied into this run.
            Assert.Equal(0, ReuseRepo.Gate(second, gate).GetProperty("evidence").GetProperty("exit_code").GetInt32());
            var log = ReuseRepo.Gate(second, gate).GetProperty("evidence").GetProperty("output_path").GetString()!;
            Assert.Equal(
                File.ReadAllText(Path.Combine(repo.Path, ".omk", "runs", ReuseRepo.RunId(first), log)),
                File.ReadAllText(Path.Combine(repo.Path, ".omk", "runs", ReuseRepo.RunId(second), log)));
        }

        Assert.Equal(["run_started", "gate_passed", "gate_passed", "run_completed", "proof_written"], repo.EventKinds(second));
        var markdown = File.ReadAllText(Path.Combine(repo.Path, ".omk", "runs", ReuseRepo.RunId(second), "proof.md"));
        Assert.Contains($"(reused from `{ReuseRepo.RunId(first)}`)", markdown, StringComparison.Ordinal);
        var verify = await repo.OmkAsync("proof", "verify", ReuseRepo.RunId(second));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var replay = await repo.OmkAsync("replay", ReuseRepo.RunId(second));
        Assert.Contains("reused from " + ReuseRepo.RunId(first), replay.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gates_see_the_whole_tree_so_any_change_reruns_them_all_and_committing_what_was_judged_reuses()
    {
        using var repo = new ReuseRepo();
        string[] gates = ["--gate", repo.Counting("a"), "--gate", repo.Counting("b")];
        await repo.ProofAsync(gates);

        repo.Git.Write("src/one.txt", "a change to one file\n"); // untracked
        var dirty = await repo.ProofAsync(gates);
        Assert.Equal(["a", "b", "a", "b"], repo.Ran());
        Assert.True(dirty.GetProperty("dirty").GetBoolean());

        repo.Git.Write("README.md", "# changed\n"); // modified
        await repo.ProofAsync(gates);
        Assert.Equal(6, repo.Ran().Count);

        // Committing exactly the tree that was judged keeps the key: the gates are not run again.
        repo.Git.Commit("the judged change");
        var committed = await repo.ProofAsync(gates);
        Assert.Equal(6, repo.Ran().Count);
        Assert.NotNull(ReuseRepo.ReusedFrom(committed, "a"));

        // Ignored files are not inputs.
        repo.Git.Write(".gitignore", "*.log\n");
        repo.Git.Commit("ignore logs");
        await repo.ProofAsync(gates);
        Assert.Equal(8, repo.Ran().Count);
        repo.Git.Write("debug.log", "ignored\n");
        var ignored = await repo.ProofAsync(gates);
        Assert.Equal(8, repo.Ran().Count);
        Assert.NotNull(ReuseRepo.ReusedFrom(ignored, "b"));
    }

    [Fact]
    public async Task A_failed_gate_is_never_reused()
    {
        using var repo = new ReuseRepo();
        string[] gates = ["--gate", $"broken=!echo broken >> '{repo.CounterFile}'; exit 3", "--gate", repo.Counting("fine")];
        var first = await repo.ProofAsync(1, null, gates);
        var second = await repo.ProofAsync(1, null, gates);

        Assert.Equal(["broken", "fine", "broken"], repo.Ran());
        Assert.Equal("failed", ReuseRepo.Gate(second, "broken").GetProperty("status").GetString());
        Assert.Null(ReuseRepo.ReusedFrom(second, "broken"));
        Assert.Equal(ReuseRepo.InputKey(first, "broken"), ReuseRepo.InputKey(second, "broken"));
        Assert.Equal(ReuseRepo.RunId(first), ReuseRepo.ReusedFrom(second, "fine"));
    }

    [Fact]
    public async Task A_passed_result_that_took_longer_than_this_runs_timeout_is_not_reused()
    {
        using var repo = new ReuseRepo();
        string[] slow = ["--gate", $"slow=!sleep 2; echo slow >> '{repo.CounterFile}'"];
        await repo.ProofAsync(slow);
        var reused = await repo.ProofAsync([.. slow, "--timeout", "10s"]);
        Assert.Equal(["slow"], repo.Ran());
        Assert.NotNull(ReuseRepo.ReusedFrom(reused, "slow"));

        var tight = await repo.ProofAsync(1, null, [.. slow, "--timeout", "1s"]);
        Assert.Null(ReuseRepo.ReusedFrom(tight, "slow")); // 2 s does not fit in 1 s: it runs, and times out
        Assert.True(ReuseRepo.Gate(tight, "slow").GetProperty("evidence").GetProperty("timed_out").GetBoolean());
    }

    [Fact]
    public async Task No_reuse_runs_every_gate_and_its_passed_results_are_reused_later()
    {
        using var repo = new ReuseRepo();
        string[] gates = ["--gate", repo.Counting("a")];
        await repo.ProofAsync(gates);
        var forced = await repo.ProofAsync([.. gates, "--no-reuse"]);
        Assert.Equal(["a", "a"], repo.Ran());
        Assert.Null(ReuseRepo.ReusedFrom(forced, "a"));

        var later = await repo.ProofAsync(gates);
        Assert.Equal(["a", "a"], repo.Ran());
        Assert.Equal(ReuseRepo.RunId(forced), ReuseRepo.ReusedFrom(later, "a"));
    }

    [Fact]
    public async Task A_changed_declared_tool_version_reruns_the_gate_that_declares_it_only()
    {
        using var repo = new ReuseRepo();
        using var tool = new TempDirectory("omk-tool");
        var version = tool.Combine("version");
        File.WriteAllText(version, "1.0\n");
        var counter = repo.CounterFile;
        repo.Git.Write("gates/reuse.fsx", $$"""
            open Omk.Gates

            gate "versioned" { shell "echo versioned >> '{{counter}}'"; toolVersion "cat {{version}}" }
            gate "plain" { shell "echo plain >> '{{counter}}'" }

            """);
        repo.Git.Commit("gates");

        var first = await repo.ProofAsync(0, null);
        var same = await repo.ProofAsync(0, null);
        Assert.Equal(["versioned", "plain"], repo.Ran());
        Assert.Equal(ReuseRepo.RunId(first), ReuseRepo.ReusedFrom(same, "versioned"));

        File.WriteAllText(version, "2.0\n"); // the tool changed, outside the repository: only its gate runs again
        var upgraded = await repo.ProofAsync(0, null);
        Assert.Equal(["versioned", "plain", "versioned"], repo.Ran());
        Assert.NotEqual(ReuseRepo.InputKey(first, "versioned"), ReuseRepo.InputKey(upgraded, "versioned"));
        Assert.Equal(ReuseRepo.RunId(first), ReuseRepo.ReusedFrom(upgraded, "plain"));
    }

    [Fact]
    public async Task A_changed_declared_environment_value_reruns_reuse_false_always_runs_and_what_it_depends_on_runs_with_it()
    {
        using var repo = new ReuseRepo();
        var counter = repo.CounterFile;
        repo.Git.Write("gates/reuse.fsx", $$"""
            open Omk.Gates

            gate "configured" { shell "echo configured >> '{{counter}}'"; inputEnv "MODE" }
            gate "build" { shell "echo build >> '{{counter}}'" }
            gate "always" { shell "echo always >> '{{counter}}'"; dependsOn "build"; reuse false }
            gate "alone" { shell "echo alone >> '{{counter}}'" }

            """);
        repo.Git.Commit("gates");
        var a = new Dictionary<string, string?> { ["MODE"] = "a", ["UNDECLARED"] = "1" };

        var first = await repo.ProofAsync(0, a);
        Assert.Equal(["configured", "build", "always", "alone"], repo.Ran());

        // Same MODE, another value of a variable no gate declares: "configured" and "alone" are reused; "always" runs,
        // and so does "build", which it depends on (a reused build leaves no binaries behind for it).
        var second = await repo.ProofAsync(0, new Dictionary<string, string?> { ["MODE"] = "a", ["UNDECLARED"] = "2" });
        Assert.Equal(["configured", "build", "always", "alone", "build", "always"], repo.Ran());
        Assert.Equal(ReuseRepo.RunId(first), ReuseRepo.ReusedFrom(second, "configured"));
        Assert.Equal(ReuseRepo.RunId(first), ReuseRepo.ReusedFrom(second, "alone"));
        Assert.Null(ReuseRepo.ReusedFrom(second, "always"));
        Assert.Null(ReuseRepo.ReusedFrom(second, "build"));

        var third = await repo.ProofAsync(0, new Dictionary<string, string?> { ["MODE"] = "b" });
        Assert.Equal("configured", repo.Ran()[6]);
        Assert.NotEqual(ReuseRepo.InputKey(first, "configured"), ReuseRepo.InputKey(third, "configured"));
        Assert.Equal(ReuseRepo.InputKey(first, "alone"), ReuseRepo.InputKey(third, "alone"));
    }
}
