using System.Text.Json;
using Omk.Events;
using Omk.Testing;

namespace Omk.Agents.Wire.Tests;

/// <summary>`omk agent run --agent kimi-wire`, as a user runs it, with `kimi` being the Wire double replaying a recorded exchange.</summary>
public sealed class OmkAgentWireCommandTests
{
    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(TempDirectory dir, string script, string doubleOptions, params string[] args)
    {
        var kimi = dir.Write("bin/kimi", $"#!/bin/sh\nexec dotnet '{WireDouble.DllPath}' --script '{script}' {doubleOptions} \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(kimi, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Directory.CreateDirectory(dir.Combine("work"));
        var result = await ChildProcess.RunAsync(
            "dotnet", [RepoPaths.OmkDll, .. args], dir.Combine("work"), new Dictionary<string, string> { ["OMK_KIMI"] = kimi }, TimeSpan.FromMinutes(2));
        return (result.ExitCode, result.Stdout, result.Stderr);
    }

    [Fact]
    public async Task Agent_run_over_wire_answers_the_approval_through_the_policy_and_records_the_turn()
    {
        using var dir = new TempDirectory("omk-wire-cli");
        var (exit, stdout, stderr) = await RunAsync(dir, "test_wire_approvals_tools.py::test_shell_approval_approve", string.Empty,
            "agent", "run", "run shell", "--agent", "kimi-wire", "--approval", "yolo", "--json");
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        var outcome = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("end_turn", outcome.GetProperty("stop_reason").GetString());
        Assert.Contains("step1", outcome.GetProperty("text").GetString(), StringComparison.Ordinal);
        var events = EventReader.ReadAll(Path.Combine(outcome.GetProperty("run_dir").GetString()!, EventSchema.FileName)).Events;
        var decided = Assert.Single(events, e => e.Kind == EventKind.ApprovalDecided);
        Assert.Equal("approve", decided.PayloadString("decision"));
        Assert.Equal("Shell", events.Single(e => e.Kind == EventKind.ApprovalRequested).PayloadString("tool"));
        Assert.Contains(events, e => e.Kind == EventKind.TaskCompleted);
        Assert.Contains("\"initialize\"", File.ReadAllText(outcome.GetProperty("transcript").GetString()!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_run_over_wire_reports_a_crash_mid_turn_with_exit_1()
    {
        using var dir = new TempDirectory("omk-wire-cli");
        var (exit, stdout, stderr) = await RunAsync(dir, "test_wire_approvals_tools.py::test_shell_approval_approve", "--crash-mid-turn",
            "agent", "run", "run shell", "--agent", "kimi-wire", "--approval", "yolo");
        Assert.True(exit == 1, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("agent turn crashed", stdout, StringComparison.Ordinal);
    }
}
