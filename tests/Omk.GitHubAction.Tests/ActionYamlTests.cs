using System.Text.RegularExpressions;
using Omk.GitHubAction.Tests.Support;

namespace Omk.GitHubAction.Tests;

/// <summary>action.yml agrees with the program, keeps inputs out of scripts, and its steps run under bash against the fake API.</summary>
[Collection(BuiltProgram.Collection)]
public sealed class ActionYamlTests : IAsyncLifetime
{
    private FakeGitHub _github = null!;

    public async Task InitializeAsync() => _github = await FakeGitHub.StartAsync();

    public async Task DisposeAsync() => await _github.DisposeAsync();

    [Fact]
    public void Inputs_and_outputs_are_the_programs_with_the_same_defaults_and_descriptions()
    {
        var action = ActionYaml.Load();
        Assert.Equal("composite", ActionYaml.Scalar(action.Runs, "using"));
        Assert.Equal(ActionInputs.All.Select(i => i.Name), ActionYaml.Keys(action.Inputs));
        foreach (var input in ActionInputs.All)
        {
            var node = (YamlDotNet.RepresentationModel.YamlMappingNode)action.Inputs[input.Name];
            Assert.Equal(input.Default, ActionYaml.Scalar(node, "default"));
            Assert.Equal(input.Description, ActionYaml.Scalar(node, "description"));
            Assert.Equal("false", ActionYaml.Scalar(node, "required"));
        }

        Assert.Equal(ActionOutputs.All.Select(o => o.Name), ActionYaml.Keys(action.Outputs));
        foreach (var (name, description) in ActionOutputs.All)
        {
            var node = (YamlDotNet.RepresentationModel.YamlMappingNode)action.Outputs[name];
            Assert.Equal($"${{{{ steps.omk.outputs.{name} }}}}", ActionYaml.Scalar(node, "value"));
            Assert.Equal(description, ActionYaml.Scalar(node, "description"));
        }
    }

    [Fact]
    public void Inputs_reach_the_scripts_only_through_env_and_each_becomes_its_program_option()
    {
        var action = ActionYaml.Load();
        foreach (var step in action.Steps)
        {
            if (ActionYaml.Scalar(step, "uses") is { } uses)
            {
                // The only actions used: the cache, pinned by commit.
                Assert.Matches("^actions/cache/(restore|save)@[0-9a-f]{40}$", uses);
                Assert.Null(ActionYaml.Scalar(step, "run"));
                continue;
            }

            var script = ActionYaml.Scalar(step, "run");
            Assert.NotNull(script);
            Assert.DoesNotContain("${{", script, StringComparison.Ordinal);
            Assert.Equal("bash", ActionYaml.Scalar(step, "shell"));
        }

        var run = action.Steps.Single(s => ActionYaml.Scalar(s, "id") == "omk");
        var env = ActionYaml.Map(run, "env");
        var script2 = ActionYaml.Scalar(run, "run")!;
        foreach (var input in ActionInputs.All)
        {
            Assert.Equal($"${{{{ inputs.{input.Name} }}}}", env[input.StepVariable]);
            if (input.Option is { } option)
            {
                Assert.Contains($"{option} \"${input.StepVariable}\"", script2, StringComparison.Ordinal);
            }
            else
            {
                Assert.DoesNotContain(input.StepVariable, script2.Split('\n').Where(l => !l.TrimStart().StartsWith('#')).Aggregate(string.Empty, (a, b) => a + b), StringComparison.Ordinal);
            }
        }

        // Every option the script passes is one the program knows.
        foreach (Match m in Regex.Matches(script2, @"(?<=\s)--[a-z-]+"))
        {
            Assert.Contains(ActionInputs.All, i => i.Option == m.Value);
        }
    }

    [Fact]
    public async Task The_steps_run_under_bash_in_a_simulated_runner_and_comment_on_the_pull_request()
    {
        using var runner = new ActionHarness(_github);
        using var caches = new ActionCacheStore();
        var action = ActionYaml.Load();
        var with = new Dictionary<string, string>
        {
            ["gates"] = "build=true\ntest=!echo 'expected 3 spins, got 2' >&2; exit 1",
            ["comment-key"] = "ci",
        };
        // The build step really builds (incrementally, in the tests' configuration), as it does on a runner.
        var job = new Dictionary<string, string>
        {
            ["OMK_ACTION_CONFIGURATION"] = ActionProgramLocation.Configuration,
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        };

        var result = await CompositeRunner.RunAsync(action, with, runner, job, caches);

        Assert.True(result.Step("build").ExitCode == 0, result.Log);
        Assert.Equal(ActionProgramLocation.DllPath, result.Step("build").Outputs["program"]);
        Assert.True(result.Step("omk").ExitCode == 1, result.Log); // fail-on: not-ready
        Assert.Equal("failed", result.ActionOutputs["verdict"]);
        var comment = Assert.Single(_github.Comments(ActionHarness.PullRequest));
        Assert.StartsWith("<!-- omk-proof:ci -->", comment.Body, StringComparison.Ordinal);
        Assert.Equal(comment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), result.ActionOutputs["comment-id"]);
        Assert.True(File.Exists(result.ActionOutputs["proof-md"]));
        Assert.Contains("# ❌ Omk proof: failed", runner.Summary, StringComparison.Ordinal);
        var log = result.Step("omk").Log;
        Assert.Contains("::add-mask::" + ActionHarness.Token, log, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(log, Regex.Escape(ActionHarness.Token)));
        Assert.Contains("::error title=omk%3A gate test failed::Gate 'test' failed: exit code 1.", log, StringComparison.Ordinal);

        // fail-on: never passes the step whatever the verdict, and the comment is updated in place.
        var again = await CompositeRunner.RunAsync(action, new Dictionary<string, string>(with) { ["fail-on"] = "never" }, runner, job, caches);
        Assert.True(again.Step("omk").ExitCode == 0, again.Log);
        Assert.Equal("failed", again.ActionOutputs["verdict"]);
        Assert.Equal(comment.Id, Assert.Single(_github.Comments(ActionHarness.PullRequest)).Id);
    }

    [Fact]
    public async Task A_prebuilt_program_skips_the_build_and_mode_goal_on_a_pull_request_runs_nothing()
    {
        using var runner = new ActionHarness(_github);
        using var caches = new ActionCacheStore();
        var job = new Dictionary<string, string> { ["OMK_ACTION_PROGRAM"] = ActionProgramLocation.DllPath };

        var result = await CompositeRunner.RunAsync(ActionYaml.Load(), new Dictionary<string, string> { ["mode"] = "goal" }, runner, job, caches);

        Assert.Equal(0, result.Step("build").ExitCode);
        Assert.DoesNotContain("building", result.Step("build").Log, StringComparison.Ordinal);
        Assert.True(result.Step("program-cache").Skipped, result.Log); // nothing to restore or save: the program is given
        Assert.DoesNotContain(caches.SavedKeys, k => k.StartsWith("omk-action-", StringComparison.Ordinal));
        Assert.Equal(0, result.Step("omk").ExitCode);
        Assert.Contains("omk: no goal to run: the event pull_request does not start goals", result.Step("omk").Log, StringComparison.Ordinal);
        Assert.Empty(_github.Requests);
    }
}
