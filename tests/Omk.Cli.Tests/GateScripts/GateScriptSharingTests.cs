using Omk.Testing;

namespace Omk.Tests.GateScripts;

/// <summary>
/// A cold compile is paid once per closure: a second omk process and every worktree of the repository use the compiled
/// scripts of the first (with the cache and the runs kept outside the worktrees, as team runs keep them), and paths in
/// what they report are the worktree's own. Scripts that ask where they are (<c>__SOURCE_DIRECTORY__</c>) are compiled
/// per location instead.
/// </summary>
public sealed class GateScriptSharingTests
{
    private const string Checks = """
        #load "lib/names.fsx"
        open System.IO
        open Omk.Gates

        gate Names.build { run "true" }
        gate "marker" { check (fun ctx -> if File.Exists(Path.Combine(ctx.RepoRoot, "marker.txt")) then Pass else Fail "no marker here") }
        """;

    [Fact]
    public async Task A_compiled_closure_is_used_by_a_second_process_and_by_another_worktree_of_the_repository()
    {
        using var repo = new GateScriptRepo(("gates/checks.fsx", Checks), ("gates/lib/names.fsx", "module Names\n\nlet build = \"build\"\n"));
        using var shared = new TempDirectory("omk-shared-state");
        var worktree = shared.Combine("worktree");
        repo.Git("worktree", "add", "-q", "--detach", worktree);
        File.WriteAllText(Path.Combine(worktree, "marker.txt"), "only in the worktree\n");
        var environment = new Dictionary<string, string?> { ["OMK_STATE_DIR"] = shared.Combine("state"), ["OMK_CACHE_DIR"] = shared.Combine("cache") };

        var first = await OmkProcess.RunAsync(repo.Path, environment, "gates", "list", "--json");
        var second = await OmkProcess.RunAsync(repo.Path, environment, "gates", "list", "--json");
        var inWorktree = await OmkProcess.RunAsync(worktree, environment, "gates", "list", "--json");
        var proof = await OmkProcess.RunAsync(worktree, environment, "proof", "--json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(Compiled(first), first.ToString());
        Assert.False(Compiled(second), second.ToString());
        Assert.True(inWorktree.ExitCode == 0, inWorktree.ToString());
        Assert.False(Compiled(inWorktree), inWorktree.ToString());
        var gates = GateScriptRepo.Json(inWorktree.Stdout).GetProperty("gates").EnumerateArray().ToList();
        Assert.Equal(["build", "marker"], gates.Select(g => g.GetProperty("name").GetString()));
        Assert.All(gates, g => Assert.Equal("gates/checks.fsx", g.GetProperty("source_file").GetString())); // the worktree's own path

        // The shared assembly runs the worktree's code gate against the worktree.
        Assert.True(proof.ExitCode == 0, proof.ToString());
        Assert.Equal("ready", GateScriptRepo.Json(proof.Stdout).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Scripts_that_use_their_own_directory_are_compiled_for_each_worktree()
    {
        using var repo = new GateScriptRepo(("gates/where.fsx", "open Omk.Gates\n\ngate \"where\" { exec \"echo\" [ __SOURCE_DIRECTORY__ ] }\n"));
        using var shared = new TempDirectory("omk-shared-state");
        var worktree = shared.Combine("worktree");
        repo.Git("worktree", "add", "-q", "--detach", worktree);
        var environment = new Dictionary<string, string?> { ["OMK_STATE_DIR"] = shared.Combine("state"), ["OMK_CACHE_DIR"] = shared.Combine("cache") };

        var main = await OmkProcess.RunAsync(repo.Path, environment, "gates", "list", "--json");
        var other = await OmkProcess.RunAsync(worktree, environment, "gates", "list", "--json");

        Assert.True(Compiled(main), main.ToString());
        Assert.True(Compiled(other), other.ToString());
        Assert.Equal($"echo {Path.Combine(repo.Path, "gates")}", CommandLine(main));
        Assert.Equal($"echo {Path.Combine(worktree, "gates")}", CommandLine(other));
    }

    private static bool Compiled(ChildProcess.Result list) => GateScriptRepo.Json(list.Stdout).GetProperty("compiled").GetBoolean();

    private static string? CommandLine(ChildProcess.Result list) =>
        GateScriptRepo.Json(list.Stdout).GetProperty("gates")[0].GetProperty("command_line").GetString();
}
