using System.Text.Json;

namespace Omk.Tests;

/// <summary>A solution under <c>src/</c> with a test project: order, auto-detection and its reasons, on real builds.</summary>
public sealed class RealLayoutTests
{
    private static JsonElement LatestProof(string repo)
    {
        var runs = Path.Combine(repo, ".omk", "runs");
        var id = File.ReadAllText(Path.Combine(runs, "latest")).Trim();
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(runs, id, "proof.json"))).RootElement.Clone();
    }

    [Fact]
    public async Task A_no_build_test_gate_beside_a_build_of_the_same_solution_is_refused_before_anything_runs()
    {
        using var repo = new SolutionInSubfolder();
        var result = await OmkProcess.RunAsync(
            repo.Path, SolutionInSubfolder.Environment,
            "proof", "--parallel", "2", "--gate", "build=dotnet build src/Calc.sln", "--gate", "test=dotnet test src/Calc.sln --no-build");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Gate 'test' runs 'dotnet test' without building (--no-build) but is not ordered after gate 'build'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--after test:build", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(repo.Path, ".omk", "runs")), "a refused configuration creates no run");
    }

    [Fact]
    public async Task With_after_a_parallel_run_never_tests_stale_binaries_so_new_code_that_breaks_the_test_is_not_ready()
    {
        using var repo = new SolutionInSubfolder();
        await repo.BuildOnceAsync();
        repo.BreakCode();

        // The binaries on disk are stale: run on them, the test passes although the new code is broken.
        var stale = await Testing.ChildProcess.RunAsync(
            "dotnet", ["test", "src/Calc.sln", "--no-build", "--nologo"], repo.Path,
            new Dictionary<string, string> { ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0" }, TimeSpan.FromMinutes(4));
        Assert.True(stale.ExitCode == 0, "stale binaries pass: " + stale);

        var result = await OmkProcess.RunAsync(
            repo.Path, SolutionInSubfolder.Environment,
            "proof", "--parallel", "2", "--json", "--after", "test:build",
            "--gate", "test=dotnet test src/Calc.sln --no-build --nologo", "--gate", "build=dotnet build src/Calc.sln --nologo");

        Assert.True(result.ExitCode == 1, result.ToString());
        var proof = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("failed", proof.GetProperty("status").GetString());
        var gates = proof.GetProperty("gates").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!);
        Assert.Equal("passed", gates["build"].GetProperty("status").GetString());
        Assert.Equal("failed", gates["test"].GetProperty("status").GetString());
        var events = File.ReadAllLines(Path.Combine(proof.GetProperty("run_id").GetString() is { } id ? Path.Combine(repo.Path, ".omk", "runs", id) : string.Empty, "events.jsonl"));
        var buildDone = Array.FindIndex(events, l => l.Contains("\"gate_passed\"", StringComparison.Ordinal) && l.Contains("\"name\":\"build\"", StringComparison.Ordinal));
        var testStarted = Array.FindIndex(events, l => l.Contains("\"command_started\"", StringComparison.Ordinal) && l.Contains("\"name\":\"test\"", StringComparison.Ordinal));
        Assert.True(buildDone >= 0 && testStarted > buildDone, "test starts only after build passed:\n" + string.Join('\n', events));
    }

    [Fact]
    public async Task Auto_detection_finds_the_solution_under_src_and_its_test_project()
    {
        using var repo = new SolutionInSubfolder();
        var list = await OmkProcess.RunAsync(repo.Path, SolutionInSubfolder.Environment, "gates", "list", "--json");

        Assert.True(list.ExitCode == 0, list.ToString());
        var gates = JsonDocument.Parse(list.Stdout).RootElement.GetProperty("gates").EnumerateArray().ToList();
        Assert.Equal(["build", "test"], gates.Select(g => g.GetProperty("name").GetString()));
        Assert.Equal("dotnet build src/Calc.sln --nologo", gates[0].GetProperty("command_line").GetString());
        Assert.Equal("dotnet test src/Calc.sln --nologo --no-build", gates[1].GetProperty("command_line").GetString());
    }

    [Fact]
    public async Task Several_solutions_give_a_not_ready_proof_whose_reason_lists_them_and_how_to_choose()
    {
        using var repo = new SolutionInSubfolder();
        repo.Write("tools/Tools.slnx", "<Solution />\n");

        var result = await OmkProcess.RunAsync(repo.Path, SolutionInSubfolder.Environment, "proof");

        Assert.True(result.ExitCode == 1, result.ToString());
        var gaps = LatestProof(repo.Path).GetProperty("known_gaps").EnumerateArray().Select(g => g.GetString()!).ToList();
        var reason = Assert.Single(gaps, g => g.StartsWith("no gates: ", StringComparison.Ordinal));
        Assert.Contains("src/Calc.sln, tools/Tools.slnx", reason, StringComparison.Ordinal);
        Assert.Contains("--solution PATH", reason, StringComparison.Ordinal);
        Assert.Contains("gates/*.fsx", reason, StringComparison.Ordinal);

        var chosen = await OmkProcess.RunAsync(repo.Path, SolutionInSubfolder.Environment, "gates", "list", "--json", "--solution", "src/Calc.sln");
        Assert.True(chosen.ExitCode == 0, chosen.ToString());
        Assert.Equal(
            ["dotnet build src/Calc.sln --nologo", "dotnet test src/Calc.sln --nologo --no-build"],
            JsonDocument.Parse(chosen.Stdout).RootElement.GetProperty("gates").EnumerateArray().Select(g => g.GetProperty("command_line").GetString()));
    }

    [Fact]
    public async Task Timeout_applies_to_auto_detected_gates_and_the_proof_says_where_it_came_from()
    {
        using var repo = new SolutionInSubfolder();

        var result = await OmkProcess.RunAsync(repo.Path, SolutionInSubfolder.Environment, "proof", "--timeout", "1s", "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var build = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("gates")[0];
        Assert.Equal("build", build.GetProperty("name").GetString());
        var evidence = build.GetProperty("evidence");
        Assert.True(evidence.GetProperty("timed_out").GetBoolean(), result.ToString());
        Assert.Equal(1, evidence.GetProperty("timeout_secs").GetInt64());
        Assert.Equal("--timeout", evidence.GetProperty("timeout_source").GetString());
        Assert.True(evidence.GetProperty("duration_ms").GetInt64() < 30_000, "killed at the timeout");
    }
}
