using System.Text.Json;
using Omk.GitHubAction.Tests.Support;
using Omk.Testing;

namespace Omk.GitHubAction.Tests;

/// <summary>The built program with <c>affected: true</c>: per-project gates of projects the pull request does not reach are skipped.</summary>
[Collection(BuiltProgram.Collection)]
public sealed class AffectedInputTests : IAsyncLifetime
{
    private FakeGitHub _github = null!;

    public async Task InitializeAsync() => _github = await FakeGitHub.StartAsync();

    public async Task DisposeAsync() => await _github.DisposeAsync();

    [Fact]
    public async Task Only_the_projects_the_pull_request_reaches_since_its_base_run_their_gates()
    {
        using var runner = new ActionHarness(_github);
        runner.Repo.Git("checkout", "-q", "main");
        runner.Repo.Write("src/Lib/Lib.csproj", SdkProject.Text());
        runner.Repo.Write("src/Tool/Tool.csproj", SdkProject.Text());
        runner.Repo.Write("gates/projects.fsx", """
            open Omk.Gates

            gate "lib" { run "true"; project "src/Lib/Lib.csproj" }
            gate "tool" { run "true"; project "src/Tool/Tool.csproj" }

            """);
        runner.Repo.Commit("projects and their gates");
        runner.Repo.Git("fetch", "-q", "origin");
        runner.Repo.Git("checkout", "-q", "feature");
        runner.Repo.Git("merge", "-q", "--no-edit", "main");
        runner.Repo.Write("src/Lib/Class1.cs", "class Class1 { }\n");
        runner.Repo.Commit("change Lib");

        var result = await runner.RunProgramAsync("--affected", "true");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("ready", runner.Outputs["verdict"]);
        var run = Assert.Single(Directory.GetDirectories(Path.Combine(runner.Repo.Path, ".omk", "runs")));
        var proof = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "proof.json"))).RootElement;
        var status = proof.GetProperty("gates").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!, g => g.GetProperty("status").GetString());
        Assert.Equal("passed", status["lib"]);
        Assert.Equal("skipped", status["tool"]);
        Assert.Equal("origin/main", proof.GetProperty("affected").GetProperty("base").GetString());
        var comment = Assert.Single(_github.Comments(ActionHarness.PullRequest));
        Assert.Contains("| `tool` | `src/Tool/Tool.csproj` | no changed file reaches it |", comment.Body, StringComparison.Ordinal);

        var bad = await runner.RunProgramAsync("--affected", "maybe");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("input 'affected' must be true or false (got 'maybe').", bad.Stdout, StringComparison.Ordinal);
    }
}
