using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Omk.Tasks.Tests;

/// <summary>
/// <c>dotnet build -t:OmkProof</c> as a new user meets it: a solution under <c>src/</c> without gate scripts, a slow
/// gate, a required gate behind a failed optional one, and the verdict in every logger (terminal, console, binlog).
/// </summary>
[Collection(OmkTasksPackageCollection.Name)]
public sealed partial class RealRepoTargetTests(OmkTasksPackage package, ITestOutputHelper output)
{
    [Fact]
    public async Task Without_gate_scripts_the_solution_msbuild_was_given_is_built_even_beside_another_solution()
    {
        using var repo = new ScratchRepo(package, gates: null, folder: "src/");
        repo.Write("tools/Tools.slnx", "<Solution />\n"); // alone, auto-detection would have to ask which one

        var build = await BuildAsync(repo.DotnetAsync("build", "src/Scratch.sln", "-t:OmkProof"));

        Assert.True(build.ExitCode == 0, build.ToString());
        var proof = ScratchRepo.Proof(Assert.Single(repo.Runs()));
        Assert.Equal("ready", proof.GetProperty("status").GetString());
        var gate = Assert.Single(proof.GetProperty("gates").EnumerateArray());
        Assert.Equal("dotnet build src/Scratch.sln --nologo", gate.GetProperty("evidence").GetProperty("command_line").GetString());
    }

    [Fact]
    public async Task OmkGateTimeout_kills_a_slow_script_gate_and_the_proof_says_the_timeout_came_from_it()
    {
        const string Slow = """
            open Omk.Gates

            gate "test" { shell "sleep 60" }

            """;
        using var repo = new ScratchRepo(package, Slow);

        var build = await BuildAsync(repo.DotnetAsync("build", "-t:OmkProof", "-p:OmkGateTimeout=2s"));

        Assert.True(build.ExitCode == 1, build.ToString());
        Assert.NotEmpty(ScratchRepo.Matching(build, @".*error OMK001: gate 'test' failed \(timed out after 2 s; process tree killed\).*"));
        var evidence = ScratchRepo.Proof(Assert.Single(repo.Runs())).GetProperty("gates")[0].GetProperty("evidence");
        Assert.True(evidence.GetProperty("timed_out").GetBoolean());
        Assert.Equal("OmkGateTimeout", evidence.GetProperty("timeout_source").GetString());
    }

    [Fact]
    public async Task A_passed_gate_is_reused_on_the_same_tree_and_OmkNoReuse_runs_it_again()
    {
        const string Gates = """
            open Omk.Gates

            gate "check" { shell "echo checked" }

            """;
        using var repo = new ScratchRepo(package, Gates);

        foreach (var noReuse in new[] { false, true, false })
        {
            var build = await BuildAsync(noReuse ? repo.DotnetAsync("build", "-t:OmkProof", "-p:OmkNoReuse=true") : repo.DotnetAsync("build", "-t:OmkProof"));
            Assert.True(build.ExitCode == 0, build.ToString());
        }

        var runs = repo.Runs().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, runs.Count);
        var reusedFrom = runs.Select(r => ScratchRepo.Proof(r).GetProperty("gates")[0])
            .Select(g => g.TryGetProperty("reused_from", out var from) ? from.GetProperty("run").GetString() : null)
            .ToList();
        Assert.Equal([null, null, Path.GetFileName(runs[1])], reusedFrom);
    }

    [Fact]
    public async Task OmkAffected_skips_the_per_project_gate_of_a_project_the_change_does_not_reach()
    {
        const string Gates = """
            open Omk.Gates

            gate "check-A" { shell "echo A"; project "A/A.csproj" }

            gate "check-B" { shell "echo B"; project "B/B.csproj" }

            """;
        using var repo = new ScratchRepo(package, Gates);
        repo.Write("A/Answer.cs", "namespace A;\n\npublic static class Answer\n{\n    public static int Value => 42;\n}\n");

        var build = await BuildAsync(repo.DotnetAsync("build", "-t:OmkProof", "-p:OmkAffected=true"));

        Assert.True(build.ExitCode == 0, build.ToString());
        var proof = ScratchRepo.Proof(Assert.Single(repo.Runs()));
        var status = proof.GetProperty("gates").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!, g => g.GetProperty("status").GetString());
        Assert.Equal("passed", status["check-A"]);
        Assert.Equal("skipped", status["check-B"]); // A references B, not the other way round
        Assert.Equal("B/B.csproj", Assert.Single(proof.GetProperty("affected").GetProperty("skipped_gates").EnumerateArray()).GetProperty("project").GetString());
    }

    [Fact]
    public async Task A_required_gate_skipped_behind_a_failed_optional_one_is_OMK003_at_the_solution_never_MSB4181()
    {
        const string Gates = """
            open Omk.Gates

            gate "lint" { shell "echo lint broke; exit 1"; optional }

            gate "test" { shell "echo all good"; dependsOn "lint" }

            """;
        using var repo = new ScratchRepo(package, Gates);

        var build = await BuildAsync(repo.DotnetAsync("build", "-t:OmkProof"));

        Assert.True(build.ExitCode == 1, build.ToString());
        Assert.DoesNotContain("MSB4181", build.Output, StringComparison.Ordinal);
        Assert.NotEmpty(ScratchRepo.Matching(
            build,
            repo.PathPattern + @"/Scratch\.sln ?: error OMK003: Omk proof not_ready: .*gate test skipped: dependency 'lint' failed.*"));
        Assert.All(ScratchRepo.Matching(build, ".*OMK003.*"), l => Assert.DoesNotContain(".nuget", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OmkGateOrder_adds_a_dependency_to_script_gates()
    {
        const string Gates = """
            open Omk.Gates

            gate "test" { shell "echo all good" }

            gate "lint" { shell "echo lint broke; exit 1"; optional }

            """;
        using var repo = new ScratchRepo(package, Gates);

        var build = await BuildAsync(repo.DotnetAsync("build", "-t:OmkProof", "-p:OmkGateOrder=test:lint"));

        Assert.True(build.ExitCode == 1, build.ToString());
        var gates = ScratchRepo.Proof(Assert.Single(repo.Runs())).GetProperty("gates").EnumerateArray()
            .ToDictionary(g => g.GetProperty("name").GetString()!, g => g.GetProperty("status").GetString());
        Assert.Equal("failed", gates["lint"]);
        Assert.Equal("skipped", gates["test"]);
        Assert.NotEmpty(ScratchRepo.Matching(build, @".*error OMK003: Omk proof not_ready: .*gate test skipped: dependency 'lint' failed.*"));
    }

    [Fact]
    public async Task A_code_gate_OMK001_carries_its_own_fail_message()
    {
        const string Gates = """
            open Omk.Gates

            gate "test" { check (fun _ -> Fail "the answer is 41, not 42") }

            """;
        using var repo = new ScratchRepo(package, Gates);

        var build = await BuildAsync(repo.DotnetAsync("build", "-t:OmkProof"));

        Assert.True(build.ExitCode == 1, build.ToString());
        Assert.NotEmpty(ScratchRepo.Matching(build, repo.PathPattern + @"/gates/test\.fsx\(3,1\): error OMK001: gate 'test' failed \(code gate\): the answer is 41, not 42 \[log: .*"));
    }

    [Fact]
    public async Task The_terminal_logger_the_console_logger_and_a_binlog_all_show_the_verdict_and_the_proof_path()
    {
        using var repo = new ScratchRepo(package);
        var proofPath = repo.PathPattern + @"/\.omk/runs/run-[0-9-]+/proof\.md";

        var terminal = await BuildAsync(repo.DotnetOnTerminalAsync("build", "-t:OmkProof", "-tl:on"));
        Assert.True(terminal.ExitCode == 0, terminal.ToString());
        var shown = Escapes().Replace(terminal.Output, string.Empty);
        Assert.Matches("Omk.Tasks.Proof succeeded .*→ Omk proof ready \\(test passed\\): " + proofPath, shown);

        var binlog = Path.Combine(repo.Path, "omk.binlog");
        var console = await BuildAsync(repo.DotnetAsync("build", "-t:OmkProof", "-tl:off", "-bl:" + binlog));
        Assert.True(console.ExitCode == 0, console.ToString());
        Assert.NotEmpty(ScratchRepo.Matching(console, @"\s*omk: gate test passed in [0-9.]+ s"));
        Assert.NotEmpty(ScratchRepo.Matching(console, @"\s*Omk\.Tasks\.Proof -> Omk proof ready \(test passed\): " + proofPath));

        var replay = await BuildAsync(repo.DotnetAsync("msbuild", binlog, "-tl:off", "-v:n"));
        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.NotEmpty(ScratchRepo.Matching(replay, @"\s*omk: gate test passed in [0-9.]+ s"));
        Assert.NotEmpty(ScratchRepo.Matching(replay, @"\s*Omk\.Tasks\.Proof -> Omk proof ready \(test passed\): " + proofPath));
    }

    private async Task<Dotnet.Result> BuildAsync(Task<Dotnet.Result> run)
    {
        var result = await run;
        output.WriteLine($"$ {result.CommandLine} → exit {result.ExitCode} in {result.Elapsed.TotalSeconds:0.0} s");
        return result;
    }

    [GeneratedRegex(@"\x1b(?:\[[0-9;?]*[A-Za-z]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[=>])|\r")]
    private static partial Regex Escapes();
}
