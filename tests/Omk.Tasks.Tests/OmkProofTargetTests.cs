using Omk.Testing;
using Xunit.Abstractions;

namespace Omk.Tasks.Tests;

/// <summary>
/// <c>dotnet build -t:OmkProof</c> in a repository that references the packed Omk.Tasks: the gates run once per
/// build, failures come out as MSBuild diagnostics at the gate's declaration, and the properties do what they say.
/// </summary>
[Collection(OmkTasksPackageCollection.Name)]
public sealed class OmkProofTargetTests(OmkTasksPackage package, ITestOutputHelper output)
{
    private const string TrailingProject = @"(?: \[[^\]]+\])?"; // the console logger's " [project]" suffix

    private const string LogSuffix = @" \[log: /[^\]]+/gates/\d\d-[a-z]+\.log\]"; // the failed gate's log, absolute

    [Fact]
    public async Task OmkProof_on_a_two_project_solution_runs_the_gates_once_and_writes_a_ready_proof()
    {
        using var repo = new ScratchRepo(package);

        var build = await BuildAsync(repo, "build", "-t:OmkProof");

        Assert.True(build.ExitCode == 0, build.ToString());
        var run = Assert.Single(repo.Runs()); // two projects asked, the gates ran once
        var proof = ScratchRepo.Proof(run);
        Assert.Equal("ready", proof.GetProperty("status").GetString());
        var gate = Assert.Single(proof.GetProperty("gates").EnumerateArray());
        Assert.Equal("test", gate.GetProperty("name").GetString());
        Assert.Equal("passed", gate.GetProperty("status").GetString());
        Assert.Single(ScratchRepo.Matching(build, @"\s*Omk proof: ready\. .* Proof: " + repo.PathPattern + @"/\.omk/runs/run-[0-9-]+/proof\.md"));
    }

    [Fact]
    public async Task OmkProof_runs_the_gates_once_when_the_solution_builds_its_projects_for_different_platforms()
    {
        using var repo = new ScratchRepo(package);
        repo.BuildBFor("x64");
        Assert.Contains(".Debug|Any CPU.ActiveCfg = Debug|x64", File.ReadAllText(Path.Combine(repo.Path, ScratchRepo.Solution)), StringComparison.Ordinal);

        var build = await BuildAsync(repo, "build", "-t:OmkProof");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Single(repo.Runs());
    }

    [Fact]
    public async Task OmkProof_on_a_single_project_runs_the_gates_once()
    {
        using var repo = new ScratchRepo(package);

        var build = await BuildAsync(repo, "build", "A/A.csproj", "-t:OmkProof");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal("ready", ScratchRepo.Proof(Assert.Single(repo.Runs())).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_failing_gate_fails_the_build_with_OMK001_at_the_gate_declaration_and_its_first_output_line()
    {
        using var repo = new ScratchRepo(package, ScratchRepo.FailingGate);

        var build = await BuildAsync(repo, "build", "-t:OmkProof");

        Assert.True(build.ExitCode == 1, build.ToString());
        Assert.NotEmpty(ScratchRepo.Matching(build, repo.PathPattern + @"/gates/test\.fsx\(3,1\): error OMK001: gate 'test' failed \(exit 1\): expected 42 but got 41" + LogSuffix + TrailingProject));
        Assert.Contains("    1 Error(s)", build.Lines);
        Assert.Equal("failed", ScratchRepo.Proof(Assert.Single(repo.Runs())).GetProperty("status").GetString());
    }

    [Fact]
    public async Task OmkFailOnNotReady_false_reports_the_failing_gate_as_an_OMK001_warning_and_the_build_passes()
    {
        using var repo = new ScratchRepo(package, ScratchRepo.FailingGate);

        var build = await BuildAsync(repo, "build", "-t:OmkProof", "-p:OmkFailOnNotReady=false");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.NotEmpty(ScratchRepo.Matching(build, repo.PathPattern + @"/gates/test\.fsx\(3,1\): warning OMK001: gate 'test' failed \(exit 1\): expected 42 but got 41" + LogSuffix + TrailingProject));
        Assert.Empty(ScratchRepo.Matching(build, ".*error OMK.*"));
        Assert.Equal("failed", ScratchRepo.Proof(Assert.Single(repo.Runs())).GetProperty("status").GetString());
    }

    [Fact]
    public async Task OmkEnabled_false_runs_no_gate_and_creates_no_run_directory()
    {
        using var repo = new ScratchRepo(package, ScratchRepo.FailingGate);

        var build = await BuildAsync(repo, "build", "-t:OmkProof", "-p:OmkEnabled=false");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.False(Directory.Exists(Path.Combine(repo.Path, ".omk", "runs")), build.ToString());
        Assert.Empty(ScratchRepo.Matching(build, ".*(OMK0|Omk proof).*"));
    }

    [Fact]
    public async Task A_gate_script_type_error_fails_the_build_at_its_file_line_and_column_and_no_gate_runs()
    {
        const string Broken = """
            open Omk.Gates

            gate "test" { shell "echo all good" }

            let answer: int = "forty-two"

            """;
        using var repo = new ScratchRepo(package, Broken);
        var column = Broken.Split('\n')[4].IndexOf("\"forty-two\"", StringComparison.Ordinal) + 1;

        var build = await BuildAsync(repo, "build", "-t:OmkProof");

        Assert.True(build.ExitCode == 1, build.ToString());
        Assert.NotEmpty(ScratchRepo.Matching(build, repo.PathPattern + $@"/gates/test\.fsx\(5,{column}\): error FS0001: This expression was expected to have type 'int' but here has type 'string'" + TrailingProject));
        Assert.Empty(repo.Runs());
        Assert.False(Directory.Exists(Path.Combine(repo.Path, ".omk", "runs")), "a script error must not create a run");
    }

    [Fact]
    public async Task A_failing_allowFail_gate_is_an_OMK002_warning_and_the_proof_is_ready_when_the_required_gate_passes()
    {
        const string Gates = """
            open Omk.Gates

            gate "test" { shell "echo all good" }

            gate "flaky" {
                shell "echo known flake; exit 3"
                allowFail
            }

            """;
        using var repo = new ScratchRepo(package, Gates);

        var build = await BuildAsync(repo, "build", "-t:OmkProof");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.NotEmpty(ScratchRepo.Matching(build, repo.PathPattern + @"/gates/test\.fsx\(5,1\): warning OMK002: gate 'flaky' failed \(exit 3\): known flake" + LogSuffix + @" \(allowed to fail\)" + TrailingProject));
        Assert.Empty(ScratchRepo.Matching(build, ".*error OMK.*"));
        var proof = ScratchRepo.Proof(Assert.Single(repo.Runs()));
        Assert.Equal("ready", proof.GetProperty("status").GetString());
        Assert.Equal(
            [("test", "passed"), ("flaky", "failed")],
            proof.GetProperty("gates").EnumerateArray().Select(g => (g.GetProperty("name").GetString(), g.GetProperty("status").GetString())));
    }

    [Fact]
    public async Task OmkGateFilter_runs_only_the_named_gate_and_the_run_is_partial_with_an_OMK005_warning()
    {
        const string Gates = """
            open Omk.Gates

            gate "test" { shell "echo all good" }

            gate "lint" { shell "echo lint; exit 1" }

            gate "docs" { shell "echo docs; exit 1" }

            """;
        using var repo = new ScratchRepo(package, Gates);

        var build = await BuildAsync(repo, "build", "-t:OmkProof", "-p:OmkGateFilter=test");

        Assert.True(build.ExitCode == 0, build.ToString());
        var proof = ScratchRepo.Proof(Assert.Single(repo.Runs()));
        Assert.Equal("partial", proof.GetProperty("status").GetString()); // never ready: lint and docs did not run
        Assert.Equal(["test"], proof.GetProperty("gates").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        Assert.NotEmpty(ScratchRepo.Matching(build, @".*warning OMK005: partial: partial run: filter 'test' selected test; not run: lint, docs" + TrailingProject));
    }

    [Fact]
    public async Task OmkStateDirectory_moves_the_runs_out_of_the_repository()
    {
        using var repo = new ScratchRepo(package);
        using var state = new TempDirectory("omk-tasks-state");

        var build = await BuildAsync(repo, "build", "-t:OmkProof", $"-p:OmkStateDirectory={state.Path}");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal("ready", ScratchRepo.Proof(Assert.Single(repo.Runs(state.Path))).GetProperty("status").GetString());
        Assert.False(Directory.Exists(Path.Combine(repo.Path, ".omk", "runs")), build.ToString());
    }

    private async Task<Dotnet.Result> BuildAsync(ScratchRepo repo, params string[] args)
    {
        var result = await repo.DotnetAsync(args);
        output.WriteLine($"$ {result.CommandLine} → exit {result.ExitCode} in {result.Elapsed.TotalSeconds:0.0} s (pack: {package.PackTime.TotalSeconds:0.0} s)");
        return result;
    }
}
