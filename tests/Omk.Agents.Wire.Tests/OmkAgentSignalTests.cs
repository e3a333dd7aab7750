using System.Diagnostics;
using Omk.Events;
using Omk.Testing;

namespace Omk.Agents.Wire.Tests;

/// <summary>Ctrl+C during `omk agent run`: the agent is stopped and the run closed with its events and a proof.</summary>
public sealed class OmkAgentSignalTests
{
    [Fact]
    public async Task Ctrl_C_mid_turn_records_the_run_and_its_proof_and_kills_the_agent()
    {
        using var dir = new TempDirectory("omk-wire-sig");
        var pids = dir.Combine("agent.pid");
        var kimi = dir.Write("bin/kimi", $"#!/bin/sh\necho $$ >> '{pids}'\nexec dotnet '{WireDouble.DllPath}' --script 'test_wire_approvals_tools.py::test_shell_approval_approve' --stall \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(kimi, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Directory.CreateDirectory(dir.Combine("work"));

        using var omk = LiveOmk.Start(dir.Combine("work"), new Dictionary<string, string> { ["OMK_KIMI"] = kimi }, "agent", "run", "run shell", "--agent", "kimi-wire", "--approval", "yolo");
        var runs = dir.Combine("work", ".omk", "runs");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline && (!Directory.Exists(runs) || Directory.GetDirectories(runs).Length == 0))
        {
            await Task.Delay(50);
        }

        var run = Directory.GetDirectories(runs).Single();
        await LiveOmk.WaitForTextAsync(Path.Combine(run, EventSchema.FileName), "\"task_started\"", TimeSpan.FromSeconds(90));
        var watch = Stopwatch.StartNew();
        omk.Signal("INT");
        var result = await omk.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        var kinds = EventReader.ReadAll(Path.Combine(run, EventSchema.FileName)).Events.Select(e => e.Kind).ToList();
        Assert.Contains(EventKind.RunFailed, kinds);
        Assert.Equal(EventKind.ProofWritten, kinds[^1]);
        Assert.True(File.Exists(Path.Combine(run, "proof.json")));
        Assert.Empty(await Survivors.AliveAsync(Survivors.Pids(pids), TimeSpan.FromSeconds(5)));
    }
}
