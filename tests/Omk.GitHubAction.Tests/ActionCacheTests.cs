using Omk.GitHubAction.Tests.Support;
using Omk.Testing;

namespace Omk.GitHubAction.Tests;

/// <summary>
/// CI keeps what it compiled: action.yml's steps, run under bash in the simulated runner against an on-disk stand-in of
/// the cache service, key the compiled gate scripts by their <c>#load</c> closure and the action program by the action's
/// source, and a second job of the same commit restores the program instead of building it.
/// </summary>
[Collection(BuiltProgram.Collection)]
public sealed class ActionCacheTests : IAsyncLifetime
{
    private FakeGitHub _github = null!;

    public async Task InitializeAsync() => _github = await FakeGitHub.StartAsync();

    public async Task DisposeAsync() => await _github.DisposeAsync();

    [Fact]
    public async Task The_gate_script_cache_key_changes_with_any_script_of_the_closure_and_only_with_it()
    {
        using var runner = new ActionHarness(_github);
        using var caches = new ActionCacheStore();
        using var cacheDir = new TempDirectory("omk-cache-dir");
        runner.Repo.Write("gates/checks.fsx", "#load \"lib/names.fsx\"\nopen Omk.Gates\n\ngate Names.build { run \"true\" }\n");
        runner.Repo.Write("gates/lib/names.fsx", "module Names\n\nlet build = \"build\"\n");
        runner.Repo.Write("gates/lib/unused.fsx", "module Unused\n\nlet x = 1\n");
        runner.Repo.Commit("gates");
        var job = new Dictionary<string, string>
        {
            ["OMK_ACTION_PROGRAM"] = ActionProgramLocation.DllPath,
            ["OMK_CACHE_DIR"] = cacheDir.Path,
        };
        var with = new Dictionary<string, string> { ["comment"] = "never" };
        async Task<CompositeRunner.Result> JobAsync()
        {
            var result = await CompositeRunner.RunAsync(ActionYaml.Load(), with, runner, job, caches);
            Assert.True(result.Step("omk").ExitCode == 0, result.Log);
            Assert.Equal("ready", result.ActionOutputs["verdict"]);
            return result;
        }

        var first = await JobAsync();
        var key = first.Step("gates-key").Outputs["key"];
        Assert.Matches("^omk-gates-Linux-[a-z0-9]+-[0-9.]+-[0-9a-f]{32}$", key);
        Assert.Equal(Path.Combine(cacheDir.Path, "gates"), first.Step("gates-key").Outputs["path"]);
        Assert.StartsWith(first.Step("gates-key").Outputs["restore-prefix"], key, StringComparison.Ordinal);
        Assert.Equal([key], caches.RestoredKeys);

        // A file of the closure that is not a root script: a new key.
        runner.Repo.Write("gates/lib/names.fsx", "module Names\n\nlet build = \"build\" // renamed later\n");
        var edited = (await JobAsync()).Step("gates-key").Outputs["key"];
        Assert.NotEqual(key, edited);

        // A file outside the closure (not loaded by any script), or outside the gates: the same key.
        runner.Repo.Write("gates/lib/names.fsx", "module Names\n\nlet build = \"build\"\n");
        runner.Repo.Write("gates/lib/unused.fsx", "module Unused\n\nlet x = 2\n");
        runner.Repo.Write("src/widget.txt", "another widget\n");
        Assert.Equal(key, (await JobAsync()).Step("gates-key").Outputs["key"]);

        // A root script: a new key.
        runner.Repo.Write("gates/checks.fsx", "#load \"lib/names.fsx\"\nopen Omk.Gates\n\ngate Names.build { run \"true\"; tag \"ci\" }\n");
        var root = (await JobAsync()).Step("gates-key").Outputs["key"];
        Assert.NotEqual(key, root);
        Assert.NotEqual(edited, root);
    }

    [Fact]
    public async Task A_second_job_restores_the_action_program_instead_of_building_it()
    {
        using var runner = new ActionHarness(_github);
        using var caches = new ActionCacheStore();
        var job = new Dictionary<string, string>
        {
            ["OMK_ACTION_CONFIGURATION"] = ActionProgramLocation.Configuration,
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        };
        var with = new Dictionary<string, string> { ["gates"] = "build=true", ["comment"] = "never" };

        var first = await CompositeRunner.RunAsync(ActionYaml.Load(), with, runner, job, caches);
        var second = await CompositeRunner.RunAsync(ActionYaml.Load(), with, runner, job, caches);

        Assert.True(first.Step("omk").ExitCode == 0, first.Log);
        Assert.Equal("false", first.Step("program-cache").Outputs["cache-hit"]);
        Assert.Contains("building the action program", first.Step("build").Log, StringComparison.Ordinal);
        var key = Assert.Single(caches.SavedKeys);
        Assert.Matches($"^omk-action-Linux-X64-{ActionProgramLocation.Configuration}-[0-9a-f]{{40}}$", key);

        Assert.True(second.Step("omk").ExitCode == 0, second.Log);
        Assert.Equal("true", second.Step("program-cache").Outputs["cache-hit"]);
        Assert.Contains("restored from the cache", second.Step("build").Log, StringComparison.Ordinal);
        Assert.DoesNotContain("building the action program", second.Step("build").Log, StringComparison.Ordinal);
        Assert.Equal([key], caches.SavedKeys); // nothing saved again
        Assert.Empty(first.Step("gates-key").Outputs["path"]); // `gates` input: no gate scripts, no gate cache
    }
}
