using Omk.Agents.Tests.Support;
using Omk.Events;
using Omk.Testing;

namespace Omk.Agents.Tests;

/// <summary>`omk goal` as a user runs it: the real omk process, real kimi agents for the planner, the workers and the reviewer, real gates.</summary>
public sealed class OmkGoalCommandTests
{
    private const string FilesGate = """
        gate "files" { shell "test -f api.txt && test -f web.txt && test -f docs.txt" }
        """;

    private static readonly string ThreeTasks = KimiGoal.Plan(
        KimiGoal.Task("api", "Write api.txt.", "api.txt"),
        KimiGoal.Task("web", "Write web.txt.", "web.txt"),
        KimiGoal.Task("docs", "Write docs.txt.", "docs.txt", "api"));

    [Fact]
    public async Task A_goal_plans_three_tasks_runs_them_with_two_agents_integrates_verifies_is_approved_and_delivers_a_branch()
    {
        await using var goal = await KimiGoal.CreateAsync(
            new Dictionary<string, FakeAnswer[]>
            {
                ["planner"] = [KimiGoal.Fenced(ThreeTasks)],
                ["api"] = KimiGoal.WriteThenDone("api.txt", "api\n"),
                ["web"] = KimiGoal.WriteThenDone("web.txt", "web\n"),
                ["docs"] = KimiGoal.WriteThenDone("docs.txt", "docs\n"),
                ["reviewer"] = [KimiGoal.Approve()],
            },
            FilesGate);
        using var origin = new TempDirectory("omk-goal-origin");
        goal.Repo.Git("init", "-q", "--bare", origin.Path);
        goal.Repo.Git("remote", "add", "origin", origin.Path);

        var result = await goal.OmkAsync(goal.Args("Add api.txt, web.txt and docs.txt to the repository", "--agents", "2", "--deliver", "branch"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = KimiGoal.Json(result);
        Assert.Equal("ready", json.GetProperty("status").GetString());
        var id = json.GetProperty("goal_id").GetString()!;
        var commit = json.GetProperty("commit").GetString()!;
        Assert.Equal($"omk/goal/{id}", json.GetProperty("branch").GetString());
        Assert.Equal(commit, goal.Repo.Git("rev-parse", $"omk/goal/{id}"));
        Assert.Equal(commit, goal.Repo.Git("--git-dir", origin.Path, "rev-parse", $"omk/goal/{id}"));
        Assert.Equal("api.txt\ndocs.txt\nweb.txt", string.Join('\n', goal.Repo.Git("ls-tree", "--name-only", commit).Split('\n').Where(f => f.EndsWith(".txt", StringComparison.Ordinal))));
        Assert.Equal(1, goal.Llm.ServedFor("planner"));
        Assert.Equal(1, goal.Llm.ServedFor("reviewer"));
        var runDir = json.GetProperty("run_dir").GetString()!;
        Assert.True(File.Exists(Path.Combine(runDir, "plan.json")));
        Assert.Contains(KimiGoal.Events(runDir), e => e.Kind == EventKind.TaskGraphMutated && e.PayloadString("action") == "planned");
        var proof = KimiGoal.Proof(result);
        Assert.Equal(commit, proof.GetProperty("commit").GetString());
        Assert.Equal("approve", proof.GetProperty("review_verdict").GetString());
        Assert.Equal("passed", proof.GetProperty("gates")[0].GetProperty("status").GetString());
        Assert.Equal(3, proof.GetProperty("tasks").GetArrayLength());
        Assert.Empty(proof.GetProperty("known_gaps").EnumerateArray());
        Assert.Equal("main", goal.Repo.Git("branch", "--show-current"));
        Assert.Equal(string.Empty, goal.Repo.Git("status", "--porcelain"));
    }

    [Fact]
    public async Task A_given_plan_runs_without_a_planner_turn()
    {
        await using var goal = await KimiGoal.CreateAsync(
            new Dictionary<string, FakeAnswer[]>
            {
                ["planner"] = [KimiGoal.Fenced(ThreeTasks)],
                ["api"] = KimiGoal.WriteThenDone("api.txt", "api\n"),
                ["web"] = KimiGoal.WriteThenDone("web.txt", "web\n"),
                ["docs"] = KimiGoal.WriteThenDone("docs.txt", "docs\n"),
                ["reviewer"] = [KimiGoal.Approve()],
            },
            FilesGate);
        var plan = Path.Combine(goal.Team.StateDir, "..", "plan.json");
        File.WriteAllText(plan, ThreeTasks);

        var result = await goal.OmkAsync(goal.Args("Add api.txt, web.txt and docs.txt", "--plan", plan));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0, goal.Llm.ServedFor("planner"));
        var runDir = KimiGoal.Json(result).GetProperty("run_dir").GetString()!;
        Assert.StartsWith("plan_file", KimiGoal.Events(runDir).Single(e => e.Kind == EventKind.TaskGraphMutated).PayloadString("source"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vague_goal_ends_blocked_on_human_with_the_planners_questions_and_no_worker()
    {
        await using var goal = await KimiGoal.CreateAsync(
            new Dictionary<string, FakeAnswer[]>
            {
                ["planner"] = [KimiGoal.Fenced("""{"questions":["Better in what way: speed, readability or features?","How will we know it is better?"]}""")],
                ["reviewer"] = [KimiGoal.Approve()],
            },
            FilesGate);

        var result = await goal.OmkAsync(goal.Args("make it better"));

        Assert.True(result.ExitCode == 3, result.ToString());
        var json = KimiGoal.Json(result);
        Assert.Equal("blocked_on_human", json.GetProperty("status").GetString());
        Assert.Contains("How will we know it is better?", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.NotNull(json.GetProperty("next").GetString());
        var runDir = json.GetProperty("run_dir").GetString()!;
        Assert.DoesNotContain(KimiGoal.Events(runDir), e => e.Kind == EventKind.TaskGraphMutated);
        Assert.Empty(KimiGoal.Steps(runDir, "goal_round_started"));
        Assert.False(Directory.Exists(goal.Team.WorktreeRoot) && Directory.EnumerateDirectories(goal.Team.WorktreeRoot, "*", SearchOption.AllDirectories).Any(d => File.Exists(Path.Combine(d, ".git"))), "a worker worktree exists");
        Assert.Equal(string.Empty, goal.Repo.Git("branch", "--list", "omk/*"));
    }

    [Fact]
    public async Task An_invalid_plan_answered_twice_fails_the_goal_and_keeps_both_answers()
    {
        await using var goal = await KimiGoal.CreateAsync(
            new Dictionary<string, FakeAnswer[]>
            {
                ["planner"] =
                [
                    KimiGoal.Fenced("""{"tasks":[{"id":"a","prompt":"x","writeset":["a.txt"]}]}"""),
                    KimiGoal.Fenced("""{"tasks":[{"id":"a","prompt":"x","depends_on":["zzz"]}]}"""),
                ],
            },
            FilesGate);

        var result = await goal.OmkAsync(goal.Args("Add a.txt containing a"));

        Assert.True(result.ExitCode == 1, result.ToString());
        var json = KimiGoal.Json(result);
        Assert.Equal("failed", json.GetProperty("status").GetString());
        var runDir = json.GetProperty("run_dir").GetString()!;
        Assert.Contains("writeset", File.ReadAllText(Path.Combine(runDir, "plan-answer-1.md")), StringComparison.Ordinal);
        Assert.Contains("zzz", File.ReadAllText(Path.Combine(runDir, "plan-answer-2.md")), StringComparison.Ordinal);
        Assert.Contains("unknown field 'writeset'", goal.Llm.ScriptedRequests[^1], StringComparison.Ordinal); // the re-ask carried the errors
        Assert.Equal(2, KimiGoal.Steps(runDir, "goal_planner_answer").Count);
        Assert.Equal(RunSeal.IsTerminal(EventKind.RunFailed), KimiGoal.Events(runDir).Any(e => e.Kind == EventKind.RunFailed));
    }
}
