using Omk.Agents.Tests.Support;
using Omk.Events;

namespace Omk.Agents.Tests;

/// <summary>`omk goal` rounds after the first: fix tasks for failed gates and requested changes, conflict tasks, and the review of changes to the gates.</summary>
public sealed class OmkGoalRoundTests
{
    private const string FixPhrase = "The goal's integrated change is not done yet";
    private const string ConflictPhrase = "These files hold git conflict markers";

    [Fact]
    public async Task A_gate_that_fails_on_the_integrated_tree_is_fixed_by_a_fix_task()
    {
        await using var goal = await KimiGoal.CreateAsync(
            new Dictionary<string, FakeAnswer[]>
            {
                ["value"] = KimiGoal.WriteThenDone("value.txt", "broken\n"),
                ["fix"] = KimiGoal.WriteThenDone("value.txt", "fixed\n"),
                ["reviewer"] = [KimiGoal.Approve()],
            },
            """gate "value" { shell "grep -q fixed value.txt" }""");
        goal.Llm.RouteByPhrase(FixPhrase, "fix");
        var plan = Path.Combine(goal.Team.StateDir, "..", "plan.json");
        File.WriteAllText(plan, KimiGoal.Plan(KimiGoal.Task("value", "Write value.txt containing fixed.", "value.txt")));

        var result = await goal.OmkAsync(goal.Args("value.txt says fixed", "--plan", plan));

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = KimiGoal.Json(result);
        var runDir = json.GetProperty("run_dir").GetString()!;
        var verified = KimiGoal.Steps(runDir, "goal_verified");
        Assert.Equal(["failed", "passed"], verified.Select(e => e.PayloadString("status")));
        Assert.Contains("gate 'value'", goal.Llm.ScriptedRequests.First(r => r.Contains(FixPhrase, StringComparison.Ordinal)), StringComparison.Ordinal); // the findings went to the fix task
        Assert.Equal("fixed", goal.Repo.Git("show", json.GetProperty("commit").GetString() + ":value.txt"));
        Assert.Equal(1, KimiGoal.Proof(result).GetProperty("fix_rounds_used").GetInt32());
    }

    [Fact]
    public async Task Changes_requested_by_the_reviewer_become_a_fix_task_and_the_second_review_approves()
    {
        await using var goal = await KimiGoal.CreateAsync(
            new Dictionary<string, FakeAnswer[]>
            {
                ["hello"] = KimiGoal.WriteThenDone("hello.txt", "helo\n"),
                ["fix"] = KimiGoal.WriteThenDone("hello.txt", "hello\n"),
                ["reviewer"] =
                [
                    KimiGoal.Fenced("""{"verdict":"request_changes","findings":[{"file":"hello.txt","line":1,"message":"typo: helo should be hello"}]}"""),
                    KimiGoal.Approve(),
                ],
            },
            """gate "exists" { shell "test -f hello.txt" }""");
        goal.Llm.RouteByPhrase(FixPhrase, "fix");
        var plan = Path.Combine(goal.Team.StateDir, "..", "plan.json");
        File.WriteAllText(plan, KimiGoal.Plan(KimiGoal.Task("hello", "Write hello.txt saying hello.", "hello.txt")));

        var result = await goal.OmkAsync(goal.Args("hello.txt says hello", "--plan", plan));

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = KimiGoal.Json(result);
        var runDir = json.GetProperty("run_dir").GetString()!;
        Assert.Equal(["request_changes", "approve"], KimiGoal.Steps(runDir, "goal_reviewed").Select(e => e.PayloadString("verdict")));
        Assert.Contains(KimiGoal.Events(runDir), e => e.Kind == EventKind.TaskGraphMutated && e.PayloadString("action") == "fix_tasks_added");
        Assert.Contains("typo: helo should be hello", goal.Llm.ScriptedRequests.First(r => r.Contains(FixPhrase, StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal("hello", goal.Repo.Git("show", json.GetProperty("commit").GetString() + ":hello.txt"));
    }

    [Fact]
    public async Task A_merge_conflict_between_two_tasks_is_resolved_by_a_conflict_task()
    {
        await using var goal = await KimiGoal.CreateAsync(
            new Dictionary<string, FakeAnswer[]>
            {
                ["left"] = KimiGoal.WriteThenDone("shared.txt", "left\n"),
                ["right"] = KimiGoal.WriteThenDone("shared.txt", "right\n"),
                ["conflict"] = KimiGoal.WriteThenDone("shared.txt", "left and right\n"),
                ["reviewer"] = [KimiGoal.Approve()],
            },
            """gate "both" { shell "grep -q 'left and right' shared.txt && ! grep -q '<<<<<<<' shared.txt" }""");
        goal.Llm.RouteByPhrase(ConflictPhrase, "conflict");
        var plan = Path.Combine(goal.Team.StateDir, "..", "plan.json");
        File.WriteAllText(plan, KimiGoal.Plan(KimiGoal.Task("left", "Write shared.txt saying left.", "shared.txt"), KimiGoal.Task("right", "Write shared.txt saying right.", "shared.txt")));

        var result = await goal.OmkAsync(goal.Args("shared.txt says left and right", "--plan", plan));

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = KimiGoal.Json(result);
        var runDir = json.GetProperty("run_dir").GetString()!;
        var conflictRound = Assert.Single(KimiGoal.Steps(runDir, "goal_round_started"), e => e.PayloadString("round_kind") == "conflict");
        Assert.Contains("shared.txt", conflictRound.Payload!.Value.GetProperty("definitions")[0].GetProperty("write_set")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("shared.txt", goal.Llm.ScriptedRequests.First(r => r.Contains(ConflictPhrase, StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal("left and right", goal.Repo.Git("show", json.GetProperty("commit").GetString() + ":shared.txt"));
    }

    [Fact]
    public async Task A_change_that_deletes_a_gate_is_flagged_and_not_ready_without_the_reviewers_explicit_approval()
    {
        await using var goal = await KimiGoal.CreateAsync(
            new Dictionary<string, FakeAnswer[]>
            {
                ["sneaky"] = [.. KimiGoal.WriteThenDone("x.txt", "x\n")[..1], .. KimiGoal.WriteThenDone("gates/checks.fsx", "open Omk.Gates\n")],
                ["reviewer"] = [KimiGoal.Approve()],
            },
            """gate "x" { shell "test -f x.txt" }""");
        var plan = Path.Combine(goal.Team.StateDir, "..", "plan.json");
        File.WriteAllText(plan, KimiGoal.Plan(KimiGoal.Task("sneaky", "Write x.txt.", "x.txt\",\"gates/**")));

        var result = await goal.OmkAsync(goal.Args("x.txt exists", "--plan", plan, "--fix-rounds", "0"));

        Assert.True(result.ExitCode == 1, result.ToString());
        var json = KimiGoal.Json(result);
        Assert.Equal("not_ready", json.GetProperty("status").GetString());
        Assert.Contains("gates/checks.fsx", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var proof = KimiGoal.Proof(result);
        Assert.Equal("gates/checks.fsx", Assert.Single(proof.GetProperty("sensitive").EnumerateArray()).GetString());
        Assert.Contains(proof.GetProperty("known_gaps").EnumerateArray(), g => g.GetString()!.Contains("without the reviewer's explicit approval", StringComparison.Ordinal));
        Assert.Contains("approve_sensitive", goal.Llm.ScriptedRequests.Last(r => r.Contains("You are the reviewer", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal("passed", proof.GetProperty("gates")[0].GetProperty("status").GetString()); // the base's gate still judged the change
    }
}
