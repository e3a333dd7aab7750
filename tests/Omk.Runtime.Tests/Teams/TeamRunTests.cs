using Omk.Events;
using Omk.Teams;

namespace Omk.Tests.Teams;

/// <summary>Team runs with the in-process double agent, in real git repositories and worktrees, with real gate processes.</summary>
public sealed class TeamRunTests
{
    private const string ThreeTasks = """
        {"tasks":[
          {"id":"api","title":"API","prompt":"Write the API note.","write_set":["src/Api/**"],"acceptance":["test -f src/Api/note.txt"]},
          {"id":"web","title":"Web","prompt":"Write the web note.","write_set":["src/Web/**"],"acceptance":["test -f src/Web/note.txt"]},
          {"id":"docs","title":"Docs","prompt":"Write docs from both.","depends_on":["api","web"],"write_set":["docs/**"],"acceptance":["test -f docs/both.txt"]}
        ]}
        """;

    [Fact]
    public async Task Two_independent_tasks_run_at_once_and_the_dependent_one_starts_from_both_results()
    {
        using var harness = new TeamHarness();
        var bothStarted = new CountdownEvent(2);
        var sawBoth = false;
        var agent = new DoubleAgent(async (turn, ct) =>
        {
            switch (turn.TaskId)
            {
                case "api":
                case "web":
                    bothStarted.Signal();
                    // Only returns when the other independent task is running too: proves they overlap.
                    Assert.True(bothStarted.Wait(TimeSpan.FromSeconds(30), ct), "the two independent tasks did not run at the same time");
                    turn.Write(turn.TaskId == "api" ? "src/Api/note.txt" : "src/Web/note.txt", turn.TaskId + "\n");
                    break;
                case "docs":
                    sawBoth = File.Exists(Path.Combine(turn.WorkingDirectory, "src/Api/note.txt")) && File.Exists(Path.Combine(turn.WorkingDirectory, "src/Web/note.txt"));
                    turn.Write("docs/both.txt", "both\n");
                    break;
            }

            await Task.Yield();
            return "done";
        });

        var result = await harness.RunAsync(TeamHarness.Tasks(ThreeTasks), agent);

        Assert.Equal(TeamProofProjection.Ready, result.Proof.Status);
        Assert.True(sawBoth, "the dependent task's worktree did not hold both results");
        var events = TeamHarness.Events(result);
        var apiStart = events.FindIndex(e => e.Kind == EventKind.TaskStarted && e.PayloadString("task_id") == "api");
        var webStart = events.FindIndex(e => e.Kind == EventKind.TaskStarted && e.PayloadString("task_id") == "web");
        var firstDone = events.FindIndex(e => e.Kind == EventKind.TaskCompleted);
        Assert.True(apiStart < firstDone && webStart < firstDone, "both independent tasks started before either completed");
        Assert.All(events.Where(e => e.Kind == EventKind.TaskClaimed || e.Kind == EventKind.TaskCompleted), e => Assert.NotNull(e.PayloadString("worker_id")));
        foreach (var task in result.Proof.Tasks)
        {
            Assert.Equal(TeamTaskStatus.Completed, task.Status);
            Assert.Equal($"omk/{result.Run.RunId}/{task.Id}", task.Branch);
            Assert.Equal(task.Head, harness.Repo.Git("rev-parse", task.Branch!));
            var message = harness.Repo.Git("log", "-1", "--format=%B", task.Branch!);
            Assert.Contains($"Omk-Run: {result.Run.RunId}", message, StringComparison.Ordinal);
            Assert.Contains($"Omk-Task: {task.Id}", message, StringComparison.Ordinal);
            Assert.Equal("passed", Assert.Single(task.Gates).Status);
            Assert.False(Directory.Exists(Path.Combine(harness.WorktreeRoot, Workspaces.WorktreeLocation.RepoKey(harness.Repo.Path), result.Run.RunId.Value, task.Id)), "a completed task's clean worktree is removed");
        }

        var docsTree = harness.Repo.Git("ls-tree", "-r", "--name-only", $"omk/{result.Run.RunId}/docs");
        Assert.Contains("src/Api/note.txt", docsTree, StringComparison.Ordinal);
        Assert.Contains("src/Web/note.txt", docsTree, StringComparison.Ordinal);
        Assert.Equal(string.Empty, harness.Repo.Git("status", "--porcelain"));
        Assert.Equal("main", harness.Repo.Git("branch", "--show-current"));
        Assert.True(File.Exists(Path.Combine(result.Run.Path, "proof.md")));
        Assert.True(File.Exists(Path.Combine(result.Run.Path, "tasks", "docs", "proof.json")));
        Assert.True(File.Exists(Path.Combine(result.Run.Path, "tasks", "docs", "events.jsonl")));
    }

    [Fact]
    public async Task A_failing_acceptance_command_goes_back_to_the_same_session_as_a_fix_turn()
    {
        using var harness = new TeamHarness();
        var agent = new DoubleAgent((turn, _) =>
        {
            turn.Write("src/Api/value.txt", turn.Turn == 0 ? "broken\n" : "fixed\n");
            return Task.FromResult("ok");
        });
        var tasks = TeamHarness.Tasks("""{"tasks":[{"id":"api","prompt":"Make value fixed.","write_set":["src/Api/**"],"acceptance":["grep -q fixed src/Api/value.txt"]}]}""");

        var result = await harness.RunAsync(tasks, agent);

        var task = Assert.Single(result.Proof.Tasks);
        Assert.Equal(TeamTaskStatus.Completed, task.Status);
        Assert.Equal(1, task.FixRounds);
        Assert.Equal(1, agent.Sessions);
        var fix = agent.Turns.Single(t => t.Turn == 1);
        Assert.Contains("gate 'acceptance'", fix.Prompt, StringComparison.Ordinal);
        Assert.Equal("fixed\n", harness.Repo.Git("show", $"{task.Branch}:src/Api/value.txt") + "\n");
        Assert.Equal(220, task.InputTokens + task.OutputTokens);
    }

    [Fact]
    public async Task A_change_outside_the_write_set_fails_the_task_and_skips_its_dependents()
    {
        using var harness = new TeamHarness();
        var agent = new DoubleAgent((turn, _) =>
        {
            turn.Write(turn.TaskId == "api" ? "README.md" : "docs/x.md", "changed\n");
            return Task.FromResult("ok");
        });
        var tasks = TeamHarness.Tasks("""
            {"tasks":[
              {"id":"api","prompt":"Only the API.","write_set":["src/Api/**"]},
              {"id":"docs","prompt":"Docs.","depends_on":["api"],"write_set":["docs/**"]},
              {"id":"other","prompt":"Independent.","write_set":["docs/**"]}
            ]}
            """);

        var result = await harness.RunAsync(tasks, agent, new TeamOptions { Agents = 2, Attempts = 1, RetryBackoff = TimeSpan.Zero });

        Assert.Equal(TeamProofProjection.Failed, result.Proof.Status);
        var api = result.View.Task("api")!;
        Assert.Equal(TeamTaskStatus.WriteSetViolation, api.Status);
        Assert.Contains("changed outside the write set: README.md", api.Findings);
        Assert.Equal(TeamTaskStatus.Skipped, result.View.Task("docs")!.Status);
        Assert.Contains("dependency 'api'", result.View.Task("docs")!.Error, StringComparison.Ordinal);
        Assert.Equal(TeamTaskStatus.Completed, result.View.Task("other")!.Status);
        Assert.True(Directory.Exists(api.Worktree), "a failed task's worktree is kept for inspection");
    }

    [Fact]
    public async Task A_failed_attempt_is_retried_with_the_next_attempt_number_and_its_findings()
    {
        using var harness = new TeamHarness();
        var agent = new DoubleAgent((turn, _) =>
        {
            if (turn.Prompt.Contains("attempt 2", StringComparison.Ordinal))
            {
                turn.Write("src/Api/ok.txt", "ok\n");
            }

            return Task.FromResult("ok");
        });
        var tasks = TeamHarness.Tasks("""{"tasks":[{"id":"api","prompt":"Make ok.","write_set":["src/Api/**"],"acceptance":["test -f src/Api/ok.txt"]}]}""");

        var result = await harness.RunAsync(tasks, agent, new TeamOptions { Agents = 1, Attempts = 2, FixRounds = 0, RetryBackoff = TimeSpan.FromMilliseconds(20) });

        var task = Assert.Single(result.Proof.Tasks);
        Assert.Equal(TeamTaskStatus.Completed, task.Status);
        Assert.Equal(2, task.Attempts);
        var events = TeamHarness.Events(result);
        var retry = Assert.Single(events, e => e.Kind == EventKind.RetryScheduled);
        Assert.Equal(2, retry.Payload!.Value.GetProperty("attempt").GetInt32());
        Assert.Contains("gate 'acceptance'", agent.Turns.Last().Prompt, StringComparison.Ordinal);
        Assert.Equal([1, 2], events.Where(e => e.Kind == EventKind.TaskClaimed).Select(e => e.Payload!.Value.GetProperty("attempt").GetInt32()));
    }

    [Fact]
    public async Task A_silent_worker_is_marked_stalled_and_its_task_fails_after_the_last_attempt()
    {
        using var harness = new TeamHarness();
        var agent = new DoubleAgent(async (turn, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        });
        var tasks = TeamHarness.Tasks("""{"tasks":[{"id":"api","prompt":"Hang.","write_set":["src/Api/**"]}]}""");

        var result = await harness.RunAsync(tasks, agent, new TeamOptions
        {
            Agents = 1,
            Attempts = 1,
            StallAfter = TimeSpan.FromMilliseconds(300),
            WatchdogInterval = TimeSpan.FromMilliseconds(50),
        });

        var events = TeamHarness.Events(result);
        var stalled = Assert.Single(events, e => e.Kind == EventKind.WorkerStalled);
        Assert.Equal("api", stalled.PayloadString("task_id"));
        Assert.Equal("worker-0", stalled.PayloadString("worker_id"));
        Assert.Equal(TeamTaskStatus.Stalled, Assert.Single(result.Proof.Tasks).Status);
        Assert.Equal(TeamProofProjection.Failed, result.Proof.Status);
    }

    [Fact]
    public async Task A_permission_request_the_policy_cannot_decide_ends_the_task_blocked_on_a_human()
    {
        using var harness = new TeamHarness();
        var agent = new DoubleAgent(async (turn, ct) =>
        {
            var decision = await turn.Options.Approvals.DecideAsync(new Agents.Approvals.ApprovalRequest("r1", "Bash", "rm -rf build", null, "t1"), ct);
            Assert.False(decision.Approved);
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        });
        var tasks = TeamHarness.Tasks("""{"tasks":[{"id":"api","prompt":"Clean.","write_set":["src/Api/**"]}]}""");

        var result = await harness.RunAsync(tasks, agent);

        var task = Assert.Single(result.Proof.Tasks);
        Assert.Equal(TeamTaskStatus.BlockedOnHuman, task.Status);
        Assert.Equal(1, task.Attempts);
        Assert.Contains(task.Findings, f => f.Contains("rm -rf build", StringComparison.Ordinal));
        Assert.Equal(TeamProofProjection.BlockedOnHuman, result.Proof.Status);
    }
}
