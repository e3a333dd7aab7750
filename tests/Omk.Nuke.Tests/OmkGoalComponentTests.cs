using System.Text.Json;
using Omk.Nuke;
using Omk.Testing;

namespace Omk.Tests.Nuke;

/// <summary>
/// The OmkGoal target, compiled against the Nuke API shim, run on real temp repositories: it drives a real
/// <c>omk goal run</c> process (the goal runtime: plan, team run, integration, gates, review, proof). No agent can run
/// here, so the goal given a plan ends blocked_on_external with the agent's failure as its reason (its workers' tasks
/// fail, and a reviewer that cannot run is no verdict); the target reports it.
/// </summary>
public sealed class OmkGoalComponentTests
{
    private static (RecordingTargetDefinition Definition, ShimBuild Build) Target(string root, Dictionary<string, object?> parameters)
    {
        parameters["OmkTool"] = RepoPaths.OmkDll;
        var build = new ShimBuild(root, parameters);
        return ((RecordingTargetDefinition)build.Define(b => b.OmkGoal), build);
    }

    [Fact]
    public void Verified_against_the_Nuke_API_shim_a_goal_with_a_plan_runs_through_omk_and_a_goal_that_is_not_ready_fails_the_target()
    {
        using var repo = new TempGitRepo();
        using var worktrees = new TempDirectory("omk-nuke-goal-wt");
        repo.Write("gates/quality.fsx", "open Omk.Gates\n\ngate \"unit\" { run \"true\" }\n");
        repo.Write("plan.json", """{"tasks":[{"id":"notes","prompt":"Write notes.txt containing hello.","write_set":["notes.txt"],"gates":[]}]}""");
        repo.Commit("gates and plan");
        var (definition, _) = Target(repo.Path, new()
        {
            ["OmkGoalText"] = "notes.txt says hello",
            ["OmkGoalPlan"] = "plan.json",
            ["OmkGoalAgents"] = 1,
            ["OmkGoalAgent"] = "/no/such/agent",
            ["OmkGoalBudgetTime"] = "30m",
            ["OmkGoalBudgetTokens"] = 500_000L,
            ["OmkGoalBudgetUsd"] = 2.5m,
            ["OmkGoalWorktreeRoot"] = worktrees.Path,
        });
        Assert.Equal("Run an Omk goal: plan, agents, integration, gates, review and delivery, with a proof", definition.DescriptionText);

        var ex = Assert.Throws<OmkGoalException>(() => definition.Actions.Single()());

        Assert.StartsWith("The Omk goal is blocked_on_external: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/no/such/agent", ex.Message, StringComparison.Ordinal);
        Assert.Contains("proof.md", ex.Message, StringComparison.Ordinal);
        var run = Assert.Single(Directory.GetDirectories(Path.Combine(repo.Path, ".omk", "runs")), d => File.Exists(Path.Combine(d, "plan.json")));
        var proof = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "proof.json"))).RootElement;
        Assert.Equal("blocked_on_external", proof.GetProperty("status").GetString());
        var started = File.ReadLines(Path.Combine(run, "events.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .First(e => e.GetProperty("kind").GetString() == "run_started")
            .GetProperty("payload");
        Assert.Equal("goal", started.GetProperty("mode").GetString());
        Assert.Equal(1800, started.GetProperty("budget_secs").GetInt64());
        Assert.Equal(500_000, started.GetProperty("budget_tokens").GetInt64());
        Assert.Equal(2.5m, started.GetProperty("budget_usd").GetDecimal());
        Assert.Contains("notes", File.ReadAllText(Path.Combine(run, "plan.json")), StringComparison.Ordinal); // the given plan, no planner turn
    }

    [Fact]
    public void Verified_against_the_Nuke_API_shim_a_usage_error_fails_the_target_with_omks_message_and_starts_nothing()
    {
        using var repo = new TempGitRepo();
        var (definition, _) = Target(repo.Path, new() { ["OmkGoalText"] = "notes.txt says hello", ["OmkGoalDeliver"] = "email" });

        var ex = Assert.Throws<OmkGoalException>(() => definition.Actions.Single()());

        Assert.Contains("--deliver 'email' is not none, branch or pr", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(repo.Path, ".omk", "runs")));
    }

    [Fact]
    public void Verified_against_the_Nuke_API_shim_a_goal_needs_its_text()
    {
        using var repo = new TempGitRepo();
        var (definition, _) = Target(repo.Path, []);

        var ex = Assert.Throws<OmkGoalException>(() => definition.Actions.Single()());

        Assert.Equal("OmkGoalText is not set: say what the goal is (--omk-goal-text \"...\").", ex.Message);
    }
}
