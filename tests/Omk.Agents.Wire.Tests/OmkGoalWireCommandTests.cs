using System.Text.Json;
using Omk.Events;
using Omk.Testing;

namespace Omk.Agents.Wire.Tests;

/// <summary>
/// `omk goal run --driver wire`, as a user runs it: the planner, the worker and the reviewer are each a `kimi --wire`
/// played by the Wire double from a recorded exchange (chosen by the session's --work-dir), the planner's and the
/// reviewer's answers planted as the text they say.
/// </summary>
public sealed class OmkGoalWireCommandTests
{
    [Fact]
    public async Task A_goal_plans_runs_its_task_and_is_reviewed_over_wire_to_ready_with_the_reviewer_kept_read_only()
    {
        using var dir = new TempDirectory("omk-goal-wire");
        using var repo = new TempGitRepo();
        repo.Write("gates/checks.fsx", "open Omk.Gates\n\ngate \"ok\" { shell \"true\" }\n");
        repo.Commit("gates");
        var plan = dir.Write("plan.txt", "Here is the plan.\n\n```json\n{\"tasks\":[{\"id\":\"shell\",\"title\":\"shell\",\"prompt\":\"run shell\",\"write_set\":[\"out/**\"],\"gates\":[]}]}\n```\n");
        var review = dir.Write("review.txt", "```json\n{\"verdict\":\"approve\",\"findings\":[]}\n```\n");
        const string basic = "test_wire_prompt.py::test_basic_prompt_events";
        const string shell = "test_wire_approvals_tools.py::test_shell_approval_approve";
        var kimi = dir.Write("bin/kimi", $$"""
            #!/bin/sh
            work=""; previous=""
            for a in "$@"; do [ "$previous" = "--work-dir" ] && work="$a"; previous="$a"; done
            case "$work" in
              */planner-*) exec dotnet '{{WireDouble.DllPath}}' --script '{{basic}}' --plant "$(cat '{{plan}}')" "$@" ;;
              */integration) exec dotnet '{{WireDouble.DllPath}}' --script '{{shell}}' --plant "$(cat '{{review}}')" "$@" ;;
              *) exec dotnet '{{WireDouble.DllPath}}' --script '{{shell}}' "$@" ;;
            esac

            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(kimi, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var result = await ChildProcess.RunAsync(
            "dotnet",
            [RepoPaths.OmkDll, "goal", "run", "the shell task has run", "--driver", "wire", "--approval", "yolo", "--state-dir", dir.Combine("state"), "--worktree-root", dir.Combine("wt"), "--json"],
            repo.Path,
            new Dictionary<string, string> { ["OMK_KIMI"] = kimi },
            TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("ready", json.GetProperty("status").GetString());
        var runDir = json.GetProperty("run_dir").GetString()!;
        var events = EventReader.ReadAll(Path.Combine(runDir, EventSchema.FileName)).Events;
        string? Step(string name, string field) => events.Single(e => e.Kind == EventKind.TaskOutput && e.PayloadString("wire_event") == name).PayloadString(field);
        Assert.Null(Step("goal_planner_answer", "reason")); // the plan was accepted as it was
        Assert.Equal("approve", Step("goal_reviewed", "verdict"));
        Assert.Contains("Here is the plan.", File.ReadAllText(Path.Combine(runDir, "plan-answer-1.md")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(runDir, "agents", "planner-1", "transcript.jsonl")));
        Assert.True(File.Exists(Path.Combine(runDir, "agents", "reviewer-1", "transcript.jsonl")));

        // The reviewer's Shell request met the read-only policy, not the goal's --approval yolo.
        var decided = Assert.Single(events, e => e.Kind == EventKind.ApprovalDecided);
        Assert.Equal("reject", decided.PayloadString("decision"));
        Assert.Contains(events, e => e.Kind == EventKind.TaskOutput && e.PayloadString("wire_event") == "usage" && e.PayloadString("worker_id") == "planner-1");

        // The worker's turn ran over wire in the task's worktree, its Shell request approved (yolo), its commit integrated.
        Assert.Contains("Omk-Task: shell", repo.Git("log", "--format=%B", json.GetProperty("commit").GetString()!), StringComparison.Ordinal);
        var proof = JsonDocument.Parse(File.ReadAllText(json.GetProperty("proof_json").GetString()!)).RootElement;
        Assert.Equal("completed", proof.GetProperty("tasks")[0].GetProperty("status").GetString());
        Assert.True(proof.GetProperty("budget").GetProperty("tokens").GetInt64() > 0);
    }
}
