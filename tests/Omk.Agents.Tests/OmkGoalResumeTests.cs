using System.Diagnostics;
using Omk.Agents.Tests.Support;
using Omk.Events;
using Omk.Testing;

namespace Omk.Agents.Tests;

/// <summary>`omk goal` stopped and continued: kill -9 then resume, a spent budget then budget-add and resume, and a pull request delivered to a fake GitHub.</summary>
public sealed class OmkGoalResumeTests
{
    [Fact]
    public async Task Kill_9_of_the_controller_mid_execution_then_resume_is_ready_without_redoing_the_finished_task()
    {
        await using var goal = await KimiGoal.CreateAsync(
            new Dictionary<string, FakeAnswer[]>
            {
                ["first"] = KimiGoal.WriteThenDone("first.txt", "first\n"),
                // The second task writes a draft, then its turn hangs: omk is killed with the draft not committed.
                ["second"] =
                [
                    FakeAnswer.Call("Write", new System.Text.Json.Nodes.JsonObject { ["path"] = "second-draft.txt", ["content"] = "draft\n" }, "Drafting."),
                    FakeAnswer.Hang(TimeSpan.FromMinutes(10)),
                    .. KimiGoal.WriteThenDone("second.txt", "second\n"),
                ],
                ["reviewer"] = [KimiGoal.Approve()],
            },
            """gate "both" { shell "test -f first.txt && test -f second.txt" }""");
        var plan = Path.Combine(goal.Team.StateDir, "..", "plan.json");
        File.WriteAllText(plan, KimiGoal.Plan(KimiGoal.Task("first", "Write first.txt.", "first.txt"), KimiGoal.Task("second", "Write second.txt.", "second*.txt", "first")));

        await RunUntilKilledAsync(goal, goal.Args("first.txt and second.txt exist", "--plan", plan), () => goal.Llm.ServedFor("second") > 1);

        var runDir = Directory.GetDirectories(Path.Combine(goal.Team.StateDir, "runs")).Select(d => (d, Events: KimiGoal.Events(d))).Single(r => r.Events[0].PayloadString("mode") == "goal").d;
        Assert.DoesNotContain(KimiGoal.Events(runDir), e => RunSeal.IsTerminal(e.Kind));
        var status = await goal.OmkAsync(goal.Control("goal", "status"));
        Assert.Contains("interrupted", status.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"first\s+completed", status.Stdout); // the round's tasks, live from its team log

        var resumed = await goal.OmkAsync(goal.Control("goal", "resume", "--json"));

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal("ready", KimiGoal.Json(resumed).GetProperty("status").GetString());
        Assert.Equal(2, goal.Llm.ServedFor("first")); // not asked again
        Assert.Equal(4, goal.Llm.ServedFor("second"));
        Assert.Single(KimiGoal.Steps(runDir, "goal_round_started"));
        Assert.Single(KimiGoal.Events(runDir), e => e.Kind == EventKind.GoalResumed);
        Assert.Contains("second continue(s) in the kept worktree", Assert.Single(KimiGoal.Steps(runDir, "goal_team_resumed")).PayloadString("message"), StringComparison.Ordinal);
        Assert.Equal("draft", goal.Repo.Git("show", KimiGoal.Json(resumed).GetProperty("commit").GetString() + ":second-draft.txt")); // the killed turn's work was kept
    }

    [Fact]
    public async Task A_token_budget_too_small_stops_with_needs_more_budget_and_budget_add_then_resume_is_ready_without_redoing_work()
    {
        await using var goal = await KimiGoal.CreateAsync(
            new Dictionary<string, FakeAnswer[]>
            {
                // Each model call reports 15,000 prompt tokens: the task's turn (two calls) spends more than the budget.
                ["only"] = [.. KimiGoal.WriteThenDone("only.txt", "only\n").Select(a => a with { PromptTokens = 15_000 })],
                ["reviewer"] = [KimiGoal.Approve()],
            },
            """gate "only" { shell "test -f only.txt" }""");
        var plan = Path.Combine(goal.Team.StateDir, "..", "plan.json");
        File.WriteAllText(plan, KimiGoal.Plan(KimiGoal.Task("only", "Write only.txt.", "only.txt")));

        var first = await goal.OmkAsync(goal.Args("only.txt exists", "--plan", plan, "--budget-tokens", "25000"));

        Assert.True(first.ExitCode == 3, first.ToString());
        var json = KimiGoal.Json(first);
        Assert.Equal("needs_more_budget", json.GetProperty("status").GetString());
        var id = json.GetProperty("goal_id").GetString()!;
        Assert.StartsWith($"omk goal budget-add {id}", json.GetProperty("next").GetString(), StringComparison.Ordinal);
        var runDir = json.GetProperty("run_dir").GetString()!;
        var exhausted = Assert.Single(KimiGoal.Events(runDir), e => e.Kind == EventKind.GoalBudgetExhausted);
        Assert.Equal("tokens", exhausted.PayloadString("budget_source"));
        Assert.Equal("review", exhausted.PayloadString("phase")); // the task's work was done first, the review did not fit
        Assert.Equal("ready", Assert.Single(KimiGoal.Steps(runDir, "goal_team_finished")).PayloadString("status"));
        Assert.Equal(0, goal.Llm.ServedFor("reviewer"));

        var added = await goal.OmkAsync(goal.Control("goal", "budget-add", id, "--tokens", "100000"));
        Assert.True(added.ExitCode == 0, added.ToString());
        var resumed = await goal.OmkAsync(goal.Control("goal", "resume", id, "--json"));

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal("ready", KimiGoal.Json(resumed).GetProperty("status").GetString());
        Assert.Equal(2, goal.Llm.ServedFor("only")); // the finished task was not redone
        Assert.Contains(KimiGoal.Events(runDir), e => e.Kind == EventKind.GoalBudgetExtended && e.Payload!.Value.GetProperty("added_budget_tokens").GetInt64() == 100000);
        Assert.Single(KimiGoal.Steps(runDir, "goal_team_finished"));
    }

    [Fact]
    public async Task Deliver_pr_pushes_the_branch_and_opens_a_draft_pull_request_with_the_proof_as_its_body()
    {
        await using var api = await FakePullRequestApi.StartAsync();
        await using var goal = await OneTaskGoalAsync();
        using var origin = new TempDirectory("omk-goal-origin");
        var bare = BareOrigin(goal, origin);
        goal.Team.Environment["GITHUB_TOKEN"] = "test-token";
        var plan = Path.Combine(goal.Team.StateDir, "..", "plan.json");
        File.WriteAllText(plan, KimiGoal.Plan(KimiGoal.Task("only", "Write only.txt.", "only.txt")));

        var result = await goal.OmkAsync(goal.Args("Add only.txt", "--plan", plan, "--deliver", "pr", "--github-api-url", api.BaseUrl));

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = KimiGoal.Json(result);
        var pull = Assert.Single(api.Pulls);
        Assert.Equal(pull["html_url"]!.GetValue<string>(), json.GetProperty("pull_request_url").GetString());
        Assert.True(pull["draft"]!.GetValue<bool>());
        Assert.Equal("Add only.txt", pull["title"]!.GetValue<string>());
        Assert.Equal($"omk/goal/{json.GetProperty("goal_id").GetString()}", pull["head"]!["ref"]!.GetValue<string>());
        Assert.Equal("main", pull["base"]!["ref"]!.GetValue<string>());
        Assert.Equal(File.ReadAllText(json.GetProperty("proof_md").GetString()!).Split("## Tasks")[1], pull["body"]!.GetValue<string>().Split("## Tasks")[1]);
        Assert.Contains(api.Requests, r => r.Method == "POST" && r.Path == "/repos/acme/widgets/pulls");
        Assert.Equal(json.GetProperty("commit").GetString(), goal.Repo.Git("--git-dir", bare, "rev-parse", json.GetProperty("branch").GetString()!));
    }

    [Fact]
    public async Task A_pull_request_that_could_not_be_opened_is_blocked_on_external_and_resume_updates_the_open_one()
    {
        await using var api = await FakePullRequestApi.StartAsync();
        await using var goal = await OneTaskGoalAsync();
        using var origin = new TempDirectory("omk-goal-origin");
        BareOrigin(goal, origin);
        var plan = Path.Combine(goal.Team.StateDir, "..", "plan.json");
        File.WriteAllText(plan, KimiGoal.Plan(KimiGoal.Task("only", "Write only.txt.", "only.txt")));

        goal.Team.Environment["GITHUB_TOKEN"] = string.Empty; // none, even where CI sets one
        var first = await goal.OmkAsync(goal.Args("Add only.txt", "--plan", plan, "--deliver", "pr", "--github-api-url", api.BaseUrl));

        Assert.True(first.ExitCode == 3, first.ToString());
        var json = KimiGoal.Json(first);
        Assert.Equal("blocked_on_external", json.GetProperty("status").GetString());
        Assert.Contains("GITHUB_TOKEN", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(api.Pulls);

        // Meanwhile a pull request of the goal's branch was opened (by hand, or by an earlier attempt).
        using (var http = new HttpClient())
        {
            http.DefaultRequestHeaders.Add("Authorization", "token test-token");
            var opened = await http.PostAsync(
                api.BaseUrl + "repos/acme/widgets/pulls",
                new StringContent($$"""{"title":"by hand","head":"{{json.GetProperty("branch").GetString()}}","base":"main","body":"old"}"""));
            Assert.True(opened.IsSuccessStatusCode);
        }

        goal.Team.Environment["GITHUB_TOKEN"] = "test-token";
        var resumed = await goal.OmkAsync(goal.Control("goal", "resume", "--json"));

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        var pull = Assert.Single(api.Pulls); // updated, not opened twice
        Assert.Equal("Add only.txt", pull["title"]!.GetValue<string>());
        Assert.Contains("# Goal", pull["body"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(pull["html_url"]!.GetValue<string>(), KimiGoal.Json(resumed).GetProperty("pull_request_url").GetString());
        Assert.Contains(api.Requests, r => r.Method == "PATCH");
        Assert.Equal(1, goal.Llm.ServedFor("reviewer")); // the goal went on from where it stopped
    }

    /// <summary>A goal setup whose task "only" writes only.txt, judged by a gate, approved by the reviewer.</summary>
    private static Task<KimiGoal> OneTaskGoalAsync() => KimiGoal.CreateAsync(
        new Dictionary<string, FakeAnswer[]>
        {
            ["only"] = KimiGoal.WriteThenDone("only.txt", "only\n"),
            ["reviewer"] = [KimiGoal.Approve()],
        },
        """gate "only" { shell "test -f only.txt" }""");

    /// <summary>A bare repository at <c>…/acme/widgets.git</c> as the goal repository's <c>origin</c> (a GitHub-like owner and name).</summary>
    private static string BareOrigin(KimiGoal goal, TempDirectory origin)
    {
        var bare = origin.Combine("acme", "widgets.git");
        Directory.CreateDirectory(bare);
        goal.Repo.Git("init", "-q", "--bare", bare);
        goal.Repo.Git("remote", "add", "origin", bare);
        return bare;
    }

    private static async Task RunUntilKilledAsync(KimiGoal goal, string[] args, Func<bool> until)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = goal.Repo.Path, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in (string[])[RepoPaths.OmkDll, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in goal.Team.Environment)
        {
            start.Environment[key] = value;
        }

        var stderr = new System.Text.StringBuilder();
        using var omk = Process.Start(start)!;
        omk.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
        omk.OutputDataReceived += (_, _) => { };
        omk.BeginErrorReadLine();
        omk.BeginOutputReadLine();
        try
        {
            var limit = Stopwatch.StartNew();
            while (!until())
            {
                Assert.False(omk.HasExited, "omk ended before the moment to kill it: " + stderr);
                Assert.True(limit.Elapsed < TimeSpan.FromMinutes(3), "the moment to kill omk never came: " + stderr);
                await Task.Delay(200);
            }
        }
        finally
        {
            omk.Kill(); // SIGKILL: no handler runs, nothing is written after this
            await omk.WaitForExitAsync();
        }
    }
}
