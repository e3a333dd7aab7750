using System.Text.Json;
using Omk.Events;
using Omk.Testing;

namespace Omk.Agents.Wire.Tests;

/// <summary>`omk team run --driver wire`, as a user runs it, with `kimi` being the Wire double replaying a recorded exchange.</summary>
public sealed class OmkTeamWireCommandTests
{
    private static async Task<(ChildProcess.Result Result, TempGitRepo Repo, TempDirectory Dir)> RunAsync(string doubleOptions, params string[] extra)
    {
        var dir = new TempDirectory("omk-team-wire");
        var repo = new TempGitRepo();
        var kimi = dir.Write("bin/kimi", $"#!/bin/sh\nexec dotnet '{WireDouble.DllPath}' --script 'test_wire_approvals_tools.py::test_shell_approval_approve' {doubleOptions} \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(kimi, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var tasks = dir.Write("tasks.json", """{"tasks":[{"id":"shell","prompt":"run shell","write_set":["out/**"],"acceptance":["true"]}]}""");
        var result = await ChildProcess.RunAsync(
            "dotnet",
            [RepoPaths.OmkDll, "team", "run", "--tasks", tasks, "--driver", "wire", "--approval", "yolo", "--state-dir", dir.Combine("state"), "--worktree-root", dir.Combine("wt"), "--retry-backoff", "0.1s", "--json", .. extra],
            repo.Path,
            new Dictionary<string, string> { ["OMK_KIMI"] = kimi },
            TimeSpan.FromMinutes(3));
        return (result, repo, dir);
    }

    [Fact]
    public async Task A_team_task_runs_over_wire_and_completes_with_its_commit()
    {
        var (result, repo, dir) = await RunAsync(string.Empty);
        using var _ = repo;
        using var __ = dir;
        Assert.True(result.ExitCode == 0, result.ToString());
        var task = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("tasks")[0];
        Assert.Equal("completed", task.GetProperty("status").GetString());
        Assert.Contains("omk: shell claimed by worker-0 (attempt 1)", result.Stderr, StringComparison.Ordinal); // plain progress lines, not a TTY
        Assert.Contains("omk: shell completed (", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Omk-Task: shell", repo.Git("log", "-1", "--format=%B", task.GetProperty("branch").GetString()!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_whose_agent_dies_mid_turn_is_dead_and_its_task_is_retried_then_failed()
    {
        var (result, repo, dir) = await RunAsync("--crash-mid-turn", "--attempts", "2");
        using var _ = repo;
        using var __ = dir;
        Assert.True(result.ExitCode == 1, result.ToString());
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        var task = json.GetProperty("tasks")[0];
        Assert.Equal("dead", task.GetProperty("status").GetString());
        Assert.Equal(2, task.GetProperty("attempts").GetInt32());
        var events = EventReader.ReadAll(Path.Combine(json.GetProperty("run_dir").GetString()!, EventSchema.FileName)).Events;
        var dead = events.Where(e => e.Kind == EventKind.WorkerDead).ToList();
        Assert.Equal(["requeued", "failed"], dead.Select(e => e.PayloadString("action")));
        Assert.All(dead, e => Assert.Equal("shell", e.PayloadString("task_id")));
        Assert.Single(events, e => e.Kind == EventKind.RetryScheduled);
    }
}
