using System.Diagnostics;
using System.Text.Json.Nodes;
using Omk.Agents.Tests.Support;
using Omk.Events;
using Omk.Testing;

namespace Omk.Agents.Tests;

/// <summary>`omk team` as a user runs it: the real omk process driving several real kimi acp agents at once against one routed fake LLM.</summary>
public sealed class OmkTeamCommandTests
{
    private static FakeAnswer[] WriteThenDone(string path, string content) =>
    [
        FakeAnswer.Call("Write", new JsonObject { ["path"] = path, ["content"] = content }, $"Writing {path}."),
        FakeAnswer.Say("Done."),
    ];

    [Fact]
    public async Task Three_tasks_with_two_agents_run_the_independent_ones_at_once_and_the_dependent_one_on_both_results()
    {
        await using var team = await KimiTeam.CreateAsync(new Dictionary<string, FakeAnswer[]>
        {
            ["api"] = WriteThenDone("api.txt", "api\n"),
            ["web"] = WriteThenDone("web.txt", "web\n"),
            ["docs"] = WriteThenDone("docs.txt", "docs\n"),
        });
        team.WriteTasks(
            KimiTeam.Task("api", "Write api.txt.", "api.txt", "test -f api.txt"),
            KimiTeam.Task("web", "Write web.txt.", "web.txt", "test -f web.txt"),
            KimiTeam.Task("docs", "Write docs.txt.", "docs.txt", "test -f api.txt && test -f web.txt && test -f docs.txt", "\"api\",\"web\""));

        var result = await team.OmkAsync(team.Args("--agents", "2"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = KimiTeam.Json(result);
        Assert.Equal("ready", json.GetProperty("status").GetString());
        var runDir = json.GetProperty("run_dir").GetString()!;
        var runId = json.GetProperty("run_id").GetString()!;
        var events = KimiTeam.Events(runDir).ToList();
        int Index(EventKind kind, string task) => events.FindIndex(e => e.Kind == kind && e.PayloadString("task_id") == task);
        var firstCompleted = events.FindIndex(e => e.Kind == EventKind.TaskCompleted);
        Assert.True(Index(EventKind.TaskStarted, "api") < firstCompleted && Index(EventKind.TaskStarted, "web") < firstCompleted, "the independent tasks did not overlap");
        Assert.True(Index(EventKind.TaskStarted, "docs") > Index(EventKind.TaskCompleted, "api") && Index(EventKind.TaskStarted, "docs") > Index(EventKind.TaskCompleted, "web"));
        Assert.NotEqual(
            events.Single(e => e.Kind == EventKind.TaskClaimed && e.PayloadString("task_id") == "api").PayloadString("worker_id"),
            events.Single(e => e.Kind == EventKind.TaskClaimed && e.PayloadString("task_id") == "web").PayloadString("worker_id"));
        foreach (var id in new[] { "api", "web", "docs" })
        {
            var task = KimiTeam.TaskOf(json, id);
            Assert.Equal("completed", task.GetProperty("status").GetString());
            Assert.Equal(2, team.Llm.ServedFor(id));
            var branch = $"omk/{runId}/{id}";
            Assert.Equal(task.GetProperty("head").GetString(), team.Repo.Git("rev-parse", branch));
            Assert.Contains($"Omk-Task: {id}", team.Repo.Git("log", "-1", "--format=%B", branch), StringComparison.Ordinal);
            Assert.True(task.GetProperty("input_tokens").GetInt64() > 0);
            Assert.True(File.Exists(Path.Combine(runDir, "tasks", id, "proof.json")));
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(runDir, "tasks", id, "agents"), "transcript.jsonl", SearchOption.AllDirectories));
        }

        Assert.Equal("api.txt\ndocs.txt\nweb.txt", string.Join('\n', team.Repo.Git("ls-tree", "--name-only", $"omk/{runId}/docs").Split('\n').Where(f => f.EndsWith(".txt", StringComparison.Ordinal))));
        Assert.Equal(string.Empty, team.Repo.Git("status", "--porcelain", "--untracked-files=all"));
        Assert.Equal("main", team.Repo.Git("branch", "--show-current"));
        Assert.Contains("| docs | completed |", File.ReadAllText(Path.Combine(runDir, "proof.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fix_turn_in_the_same_session_repairs_a_broken_acceptance_command()
    {
        await using var team = await KimiTeam.CreateAsync(new Dictionary<string, FakeAnswer[]>
        {
            ["value"] = [.. WriteThenDone("value.txt", "broken\n"), .. WriteThenDone("value.txt", "fixed\n")],
        });
        team.WriteTasks(KimiTeam.Task("value", "Write value.txt containing fixed.", "value.txt", "grep -q fixed value.txt"));

        var result = await team.OmkAsync(team.Args());

        Assert.True(result.ExitCode == 0, result.ToString());
        var task = KimiTeam.TaskOf(KimiTeam.Json(result), "value");
        Assert.Equal(1, task.GetProperty("fix_rounds").GetInt32());
        Assert.Equal(1, task.GetProperty("attempts").GetInt32());
        Assert.Equal(4, team.Llm.ServedFor("value"));
        Assert.Contains("gate 'acceptance'", team.Llm.ScriptedRequests[2], StringComparison.Ordinal); // the fix turn carried the findings
        Assert.Contains("Write value.txt containing fixed", team.Llm.ScriptedRequests[2], StringComparison.Ordinal); // in the same session
        Assert.Equal("fixed", team.Repo.Git("show", $"{task.GetProperty("branch").GetString()}:value.txt"));
    }

    [Fact]
    public async Task A_write_set_violation_fails_the_task_and_prune_keeps_its_worktree_once_it_is_dirty()
    {
        await using var team = await KimiTeam.CreateAsync(new Dictionary<string, FakeAnswer[]>
        {
            ["bad"] = WriteThenDone("README.md", "overwritten\n"),
            ["good"] = WriteThenDone("good.txt", "good\n"),
        });
        team.WriteTasks(KimiTeam.Task("bad", "Write only bad.txt.", "bad.txt"), KimiTeam.Task("good", "Write good.txt.", "good.txt"));

        var result = await team.OmkAsync(team.Args("--attempts", "1"));

        Assert.True(result.ExitCode == 1, result.ToString());
        var bad = KimiTeam.TaskOf(KimiTeam.Json(result), "bad");
        Assert.Equal("write_set_violation", bad.GetProperty("status").GetString());
        Assert.Contains("changed outside the write set: README.md", bad.GetProperty("findings")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("# test repo", team.Repo.Git("show", "main:README.md"));
        var worktree = bad.GetProperty("worktree").GetString()!;
        Assert.True(Directory.Exists(worktree), "the failed task's worktree is kept for inspection");
        File.WriteAllText(Path.Combine(worktree, "notes.txt"), "a human's notes, not committed\n");

        var prune = await team.OmkAsync("worktree", "prune", "--state-dir", team.StateDir, "--worktree-root", team.WorktreeRoot);

        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Contains("kept", prune.Stdout, StringComparison.Ordinal);
        Assert.Contains("uncommitted", prune.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(worktree, "notes.txt")));
        var list = await team.OmkAsync("worktree", "list", "--json", "--state-dir", team.StateDir, "--worktree-root", team.WorktreeRoot);
        var entry = Assert.Single(System.Text.Json.JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray());
        Assert.Equal("dirty", entry.GetProperty("state").GetString());
        Assert.Equal("bad", entry.GetProperty("task_id").GetString());
    }

    [Fact]
    public async Task A_permission_request_the_policy_cannot_decide_ends_as_blocked_on_human_with_exit_3()
    {
        await using var team = await KimiTeam.CreateAsync(new Dictionary<string, FakeAnswer[]>
        {
            ["ask"] = [FakeAnswer.Call("Bash", new JsonObject { ["command"] = "echo needs approval > ask.txt" }, "Running a command."), FakeAnswer.Say("Done.")],
        });
        team.WriteTasks(KimiTeam.Task("ask", "Write ask.txt.", "ask.txt"));

        var result = await team.OmkAsync(team.Args("--approval", "safe"));

        var json = KimiTeam.Json(result);
        Assert.True(result.ExitCode == 3, result + string.Join("\n", KimiTeam.Events(Path.Combine(json.GetProperty("run_dir").GetString()!, "tasks", "ask")).Select(e => e.Kind + " " + e.Payload?.GetRawText())));
        Assert.Equal("blocked_on_human", json.GetProperty("status").GetString());
        var task = KimiTeam.TaskOf(json, "ask");
        Assert.Equal("blocked_on_human", task.GetProperty("status").GetString());
        Assert.Equal(1, task.GetProperty("attempts").GetInt32());
        Assert.Contains("echo needs approval", task.GetProperty("findings")[0].GetString(), StringComparison.Ordinal);
        var taskLog = KimiTeam.Events(Path.Combine(json.GetProperty("run_dir").GetString()!, "tasks", "ask"));
        Assert.Contains(taskLog, e => e.Kind == EventKind.ApprovalRequested);
        Assert.False(File.Exists(Path.Combine(task.GetProperty("worktree").GetString()!, "ask.txt")));
    }

    [Fact]
    public async Task A_worker_whose_model_never_answers_is_caught_by_a_short_stall_after()
    {
        await using var team = await KimiTeam.CreateAsync(new Dictionary<string, FakeAnswer[]>
        {
            ["hang"] = [FakeAnswer.Hang(TimeSpan.FromMinutes(10))],
        });
        team.WriteTasks(KimiTeam.Task("hang", "Think forever.", "x.txt"));
        var watch = Stopwatch.StartNew();

        var result = await team.OmkAsync(team.Args("--attempts", "1", "--stall-after", "8s"));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(2), $"took {watch.Elapsed}");
        var json = KimiTeam.Json(result);
        Assert.Equal("stalled", KimiTeam.TaskOf(json, "hang").GetProperty("status").GetString());
        var stalled = Assert.Single(KimiTeam.Events(json.GetProperty("run_dir").GetString()!), e => e.Kind == EventKind.WorkerStalled);
        Assert.Equal("hang", stalled.PayloadString("task_id"));
        Assert.Equal("worker-0", stalled.PayloadString("worker_id"));
    }

    [Fact]
    public async Task Kill_9_in_the_middle_then_resume_finishes_without_redoing_the_completed_task()
    {
        await using var team = await KimiTeam.CreateAsync(new Dictionary<string, FakeAnswer[]>
        {
            ["first"] = WriteThenDone("first.txt", "first\n"),
            ["second"] = [FakeAnswer.Hang(TimeSpan.FromMinutes(10)), .. WriteThenDone("second.txt", "second\n")],
        });
        team.WriteTasks(
            KimiTeam.Task("first", "Write first.txt.", "first.txt", "test -f first.txt"),
            KimiTeam.Task("second", "Write second.txt.", "second.txt", "test -f first.txt && test -f second.txt", "\"first\""));
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = team.Repo.Path, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in (string[])[RepoPaths.OmkDll, .. team.Args()])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in team.Environment)
        {
            start.Environment[key] = value;
        }

        var stderr = new System.Text.StringBuilder();
        using (var omk = Process.Start(start)!)
        {
            omk.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
            omk.OutputDataReceived += (_, _) => { };
            omk.BeginErrorReadLine();
            omk.BeginOutputReadLine();
            try
            {
                var limit = Stopwatch.StartNew();
                while (team.Llm.ServedFor("second") == 0)
                {
                    Assert.False(omk.HasExited, "omk ended before the second task's agent asked its model: " + stderr);
                    Assert.True(limit.Elapsed < TimeSpan.FromMinutes(3), "the second task's agent never asked its model: " + stderr);
                    await Task.Delay(200);
                }
            }
            finally
            {
                omk.Kill(); // SIGKILL: no handler runs, nothing is written after this
                await omk.WaitForExitAsync();
            }
        }

        var runDir = Directory.GetDirectories(Path.Combine(team.StateDir, "runs")).Single();
        Assert.DoesNotContain(KimiTeam.Events(runDir), e => e.Kind == EventKind.RunCompleted || e.Kind == EventKind.RunFailed);
        var status = await team.OmkAsync("team", "status", "--state-dir", team.StateDir);
        Assert.Contains("interrupted", status.Stdout, StringComparison.Ordinal);

        var resumed = await team.OmkAsync("team", "resume", "--state-dir", team.StateDir, "--json");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        var json = KimiTeam.Json(resumed);
        Assert.Equal(1, KimiTeam.TaskOf(json, "first").GetProperty("attempts").GetInt32());
        Assert.Equal(2, KimiTeam.TaskOf(json, "second").GetProperty("attempts").GetInt32());
        Assert.Equal(2, team.Llm.ServedFor("first")); // not asked again
        var events = KimiTeam.Events(runDir);
        Assert.Single(events, e => e.Kind == EventKind.TaskClaimed && e.PayloadString("task_id") == "first");
        Assert.Contains(events, e => e.Kind == EventKind.RunCompleted);

        var again = await team.OmkAsync("team", "resume", "--state-dir", team.StateDir);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("already finished", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(events.Count, KimiTeam.Events(runDir).Count);
    }
}
