using System.Text.Json;
using Omk.Nuke;
using Omk.Testing;

namespace Omk.Tests.Nuke;

/// <summary>
/// The Nuke component, compiled against a shim of the Nuke API (not real Nuke, which this machine cannot get),
/// with its OmkProof target's Executes action invoked through that shim on real temp repositories.
/// </summary>
public sealed class OmkProofComponentTests
{
    private static string OmkDll => RepoPaths.OmkDll;

    private static (RecordingTargetDefinition Definition, ShimBuild Build) Target(string root, Dictionary<string, object?>? parameters = null)
    {
        parameters ??= [];
        parameters["OmkTool"] = OmkDll;
        var build = new ShimBuild(root, parameters);
        return ((RecordingTargetDefinition)build.Define(b => b.OmkProof), build);
    }

    private static TempGitRepo RepoWithGates(string script)
    {
        var repo = new TempGitRepo();
        repo.Write("gates/quality.fsx", script);
        return repo;
    }

    [Fact]
    public void Verified_against_the_Nuke_API_shim_the_target_runs_omk_on_the_repository_and_writes_a_ready_proof()
    {
        using var repo = RepoWithGates("open Omk.Gates\n\ngate \"unit\" { run \"true\" }\ngate \"lint\" { run \"true\" }\n");
        var (definition, _) = Target(repo.Path);
        Assert.Equal("Run the repository's Omk gates and write a proof", definition.DescriptionText);
        definition.Actions.Single()();

        var run = Assert.Single(Directory.GetDirectories(Path.Combine(repo.Path, ".omk", "runs")));
        var proof = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "proof.json"))).RootElement;
        Assert.Equal("ready", proof.GetProperty("status").GetString());
        Assert.Equal(["unit", "lint"], proof.GetProperty("gates").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
    }

    [Fact]
    public void Verified_against_the_Nuke_API_shim_a_failing_gate_fails_the_target_unless_told_otherwise()
    {
        using var repo = RepoWithGates("open Omk.Gates\n\ngate \"unit\" { shell \"echo broken; exit 1\" }\n");
        var (definition, _) = Target(repo.Path);
        var ex = Assert.Throws<OmkProofException>(() => definition.Actions.Single()());
        Assert.Contains("failed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("proof.md", ex.Message, StringComparison.Ordinal);

        var (lenient, _) = Target(repo.Path, new() { ["OmkFailOnNotReady"] = false });
        lenient.Actions.Single()();
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(repo.Path, ".omk", "runs")).Length);
    }

    [Fact]
    public void Verified_against_the_Nuke_API_shim_the_parameters_reach_omk()
    {
        using var repo = new TempGitRepo();
        repo.Write("checks/quality.fsx", "open Omk.Gates\n\ngate \"unit\" { run \"true\"; tag \"tests\" }\ngate \"slow\" { run \"true\" }\n");
        var (definition, _) = Target(repo.Path, new() { ["OmkGatesDirectory"] = "checks", ["OmkGateFilter"] = "tag:tests", ["OmkParallel"] = 2 });
        definition.Actions.Single()();
        var run = Assert.Single(Directory.GetDirectories(Path.Combine(repo.Path, ".omk", "runs")));
        var proof = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "proof.json"))).RootElement;
        Assert.Equal(["unit"], proof.GetProperty("gates").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        Assert.Equal("partial", proof.GetProperty("status").GetString()); // "slow" did not run
    }

    [Fact]
    public void Verified_against_the_Nuke_API_shim_OmkGateTimeout_kills_a_slow_gate()
    {
        using var repo = RepoWithGates("open Omk.Gates\n\ngate \"slow\" { shell \"sleep 60\" }\n");
        var (definition, _) = Target(repo.Path, new() { ["OmkGateTimeout"] = "2s" });
        Assert.Throws<OmkProofException>(() => definition.Actions.Single()());
        var run = Assert.Single(Directory.GetDirectories(Path.Combine(repo.Path, ".omk", "runs")));
        var evidence = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "proof.json"))).RootElement.GetProperty("gates")[0].GetProperty("evidence");
        Assert.True(evidence.GetProperty("timed_out").GetBoolean());
        Assert.Equal("OmkGateTimeout", evidence.GetProperty("timeout_source").GetString());
    }

    [Fact]
    public void Verified_against_the_Nuke_API_shim_OmkNoReuse_runs_a_gate_whose_passed_result_would_be_reused()
    {
        using var repo = RepoWithGates("open Omk.Gates\n\ngate \"unit\" { run \"true\" }\n");
        repo.Commit("gates");
        var (plain, _) = Target(repo.Path);
        plain.Actions.Single()();
        var (forced, _) = Target(repo.Path, new() { ["OmkNoReuse"] = true });
        forced.Actions.Single()();
        plain.Actions.Single()();

        var runs = Directory.GetDirectories(Path.Combine(repo.Path, ".omk", "runs")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, runs.Count);
        var reusedFrom = runs.Select(run => JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "proof.json"))).RootElement.GetProperty("gates")[0])
            .Select(g => g.TryGetProperty("reused_from", out var from) ? from.GetProperty("run").GetString() : null)
            .ToList();
        Assert.Equal([null, null, Path.GetFileName(runs[1])], reusedFrom);
    }

    [Fact]
    public void Verified_against_the_Nuke_API_shim_a_broken_gate_script_fails_the_target_with_omks_reason()
    {
        using var repo = RepoWithGates("open Omk.Gates\n\ngate \"unit\" { run 42 }\n");
        var (definition, _) = Target(repo.Path);
        var ex = Assert.Throws<OmkProofException>(() => definition.Actions.Single()());
        Assert.StartsWith("omk:", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(repo.Path, ".omk", "runs")));
    }

    [Fact]
    public void Verified_against_the_Nuke_API_shim_a_missing_tool_is_a_clear_error()
    {
        using var repo = new TempGitRepo();
        var build = new ShimBuild(repo.Path, new Dictionary<string, object?> { ["OmkTool"] = "/no/such/omk-tool" });
        var definition = (RecordingTargetDefinition)build.Define(b => b.OmkProof);
        var ex = Assert.Throws<OmkProofException>(() => definition.Actions.Single()());
        Assert.Contains("/no/such/omk-tool", ex.Message, StringComparison.Ordinal);
    }
}
