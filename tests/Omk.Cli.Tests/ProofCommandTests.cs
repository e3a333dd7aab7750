using System.Text.Json;
using Omk.Events;
using Omk.Testing;

namespace Omk.Tests;

public sealed class ProofCommandTests
{
    private static JsonElement ReadProof(string repo)
    {
        var runs = Directory.GetDirectories(Path.Combine(repo, ".omk", "runs"));
        Assert.Single(runs);
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(runs[0], "proof.json"))).RootElement;
    }

    [Fact]
    public async Task Passing_and_failing_required_gates_fail_the_run_with_evidence_for_both()
    {
        using var repo = new TempGitRepo();
        repo.Write("src/app.txt", "changed\n");
        var result = await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "ok=true", "--gate", "broken=!echo boom >&2; exit 3");
        Assert.True(result.ExitCode == 1, result.ToString());
        var proof = ReadProof(repo.Path);
        Assert.Equal("failed", proof.GetProperty("status").GetString());
        var gates = proof.GetProperty("gates").EnumerateArray().ToList();
        Assert.Equal("passed", gates[0].GetProperty("status").GetString());
        Assert.Equal(0, gates[0].GetProperty("evidence").GetProperty("exit_code").GetInt32());
        Assert.Equal("failed", gates[1].GetProperty("status").GetString());
        Assert.Equal(3, gates[1].GetProperty("evidence").GetProperty("exit_code").GetInt32());
        Assert.Equal("boom", gates[1].GetProperty("evidence").GetProperty("stderr_summary").GetString());
        var log = gates[1].GetProperty("evidence").GetProperty("output_path").GetString()!;
        Assert.Equal("gates/02-broken.log", log);
        Assert.Contains("boom", File.ReadAllText(Path.Combine(Directory.GetDirectories(Path.Combine(repo.Path, ".omk", "runs"))[0], log)));
        Assert.Equal(repo.Git("rev-parse", "HEAD"), proof.GetProperty("commit").GetString());
        Assert.True(proof.GetProperty("dirty").GetBoolean());
        Assert.Contains(proof.GetProperty("changed_files").EnumerateArray(), f => f.GetProperty("path").GetString() == "src/app.txt");
        Assert.DoesNotContain(proof.GetProperty("changed_files").EnumerateArray(), f => f.GetProperty("path").GetString()!.StartsWith(".omk", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Events_are_recorded_in_contract_order_for_each_gate()
    {
        using var repo = new TempGitRepo();
        var result = await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "ok=true");
        Assert.True(result.ExitCode == 0, result.ToString());
        var run = Directory.GetDirectories(Path.Combine(repo.Path, ".omk", "runs")).Single();
        var (events, stats) = EventReader.ReadAll(Path.Combine(run, "events.jsonl"));
        Assert.Equal(0, stats.SkippedLines);
        Assert.Equal(
            ["run_started", "command_started", "command_finished", "gate_passed", "run_completed", "proof_written"],
            events.Select(e => e.Kind.Value));
        Assert.All(events, e => Assert.Equal(Path.GetFileName(run), e.RunId.Value));
        Assert.Matches(@"^run-\d{8}-\d{6}-\d{3}$", Path.GetFileName(run));
    }

    [Fact]
    public async Task An_allow_fail_gate_failing_alone_is_ready()
    {
        using var repo = new TempGitRepo();
        var result = await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "build=true", "--gate", "lint=false", "--allow-fail", "lint", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var proof = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("ready", proof.GetProperty("status").GetString());
        Assert.Contains("gate lint failed (allowed to fail)", proof.GetProperty("known_gaps").EnumerateArray().Select(g => g.GetString()));
    }

    [Fact]
    public async Task No_gates_is_not_ready()
    {
        using var repo = new TempGitRepo();
        var result = await OmkProcess.RunAsync(repo.Path, "proof", "--json");
        Assert.True(result.ExitCode == 1, result.ToString());
        var proof = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("not_ready", proof.GetProperty("status").GetString());
        Assert.Equal(0, proof.GetProperty("gates").GetArrayLength());
    }

    [Fact]
    public async Task Dependents_of_a_failed_gate_are_recorded_as_skipped_in_parallel_runs_too()
    {
        using var repo = new TempGitRepo();
        // The auto-detected .NET gates have a dependency (test after build). A broken solution proves it.
        repo.Write("Broken.sln", "not a solution");
        repo.Write("tests/T.csproj", "<Project><ItemGroup><PackageReference Include=\"Microsoft.NET.Test.Sdk\" /></ItemGroup></Project>");
        var result = await OmkProcess.RunAsync(repo.Path, "proof", "--parallel", "2", "--json");
        Assert.True(result.ExitCode == 1, result.ToString());
        var gates = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("gates").EnumerateArray().ToList();
        Assert.Equal(["build", "test"], gates.Select(g => g.GetProperty("name").GetString()));
        Assert.Equal("failed", gates[0].GetProperty("status").GetString());
        Assert.Equal("skipped", gates[1].GetProperty("status").GetString());
        Assert.Equal("dependency 'build' failed", gates[1].GetProperty("evidence").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task State_dir_option_and_environment_variable_move_the_runs()
    {
        using var repo = new TempGitRepo();
        using var state = new TempDirectory();
        var byOption = await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "ok=true", "--state-dir", state.Combine("a"));
        Assert.True(byOption.ExitCode == 0, byOption.ToString());
        Assert.Single(Directory.GetDirectories(state.Combine("a", "runs")));
        var byEnvironment = await OmkProcess.RunAsync(
            repo.Path, new Dictionary<string, string?> { ["OMK_STATE_DIR"] = state.Combine("b") }, "proof", "--gate", "ok=true");
        Assert.True(byEnvironment.ExitCode == 0, byEnvironment.ToString());
        Assert.Single(Directory.GetDirectories(state.Combine("b", "runs")));
        Assert.False(Directory.Exists(Path.Combine(repo.Path, ".omk", "runs")));
    }

    [Theory]
    [InlineData("proof", "--no-such-option")]
    [InlineData("proof", "--gate", "no-equals-sign")]
    [InlineData("proof", "--gate", "=true")]
    [InlineData("proof", "--gate", "x=")]
    [InlineData("proof", "--gate", "pipe=echo a | wc")]
    [InlineData("proof", "--parallel", "0")]
    [InlineData("proof", "--timeout", "soon")]
    [InlineData("proof", "--gate", "a=true", "--allow-fail", "b")]
    [InlineData("proof", "--gate", "a=true", "--gate", "a=false")]
    [InlineData("proof", "--gate", "a=true", "--base", "no-such-ref")]
    [InlineData("frobnicate")]
    public async Task Bad_input_is_a_usage_error_with_exit_2_and_no_run(params string[] args)
    {
        using var repo = new TempGitRepo();
        var result = await OmkProcess.RunAsync(repo.Path, args);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("omk: ", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(repo.Path, ".omk", "runs")), "a usage error must not create a run");
    }

    [Fact]
    public async Task A_repo_that_is_not_a_directory_is_a_usage_error()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("file.txt", "x");
        var result = await OmkProcess.RunAsync(dir.Path, "proof", "--repo", file);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is a file, not a directory", result.Stderr, StringComparison.Ordinal);
        var missing = await OmkProcess.RunAsync(dir.Path, "proof", "--repo", dir.Combine("nope"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changed_files_against_a_base_ref_include_committed_and_uncommitted_work()
    {
        using var repo = new TempGitRepo();
        repo.Git("checkout", "-q", "-b", "feature");
        repo.Write("committed.txt", "1");
        repo.Commit("feature work");
        repo.Write("README.md", "edited\n");
        repo.Write("untracked.txt", "new");
        var result = await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "ok=true", "--base", "main", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var proof = JsonDocument.Parse(result.Stdout).RootElement;
        var files = proof.GetProperty("changed_files").EnumerateArray()
            .Select(f => $"{f.GetProperty("operation").GetString()} {f.GetProperty("path").GetString()}").ToList();
        Assert.Equal(["modified README.md", "created committed.txt", "created untracked.txt"], files);
        Assert.Equal("main", proof.GetProperty("base").GetString());
    }

    [Fact]
    public async Task Outside_git_the_proof_says_no_commit_was_recorded_and_is_never_ready()
    {
        using var dir = new TempDirectory();
        var result = await OmkProcess.RunAsync(dir.Path, "proof", "--gate", "ok=true", "--json");
        Assert.True(result.ExitCode == 1, result.ToString());
        var proof = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("not_ready", proof.GetProperty("status").GetString());
        Assert.False(proof.TryGetProperty("commit", out _));
        Assert.Contains(proof.GetProperty("known_gaps").EnumerateArray(), g => g.GetString()!.StartsWith("no commit recorded", StringComparison.Ordinal));
    }
}
