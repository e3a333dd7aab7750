using System.Diagnostics;
using System.Text.Json.Nodes;
using Omk.Agents.Approvals;
using Omk.Agents.Tests.Support;
using Omk.Events;

namespace Omk.Agents.Tests;

/// <summary>A turn that is cancelled, runs too long, or loses its agent process ends promptly and says why.</summary>
public sealed class KimiInterruptionTests
{
    private static readonly TimeSpan CallArrives = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("token")]
    [InlineData("CancelTurnAsync")]
    public async Task Cancelling_mid_turn_sends_session_cancel_and_ends_the_turn_as_cancelled(string how)
    {
        await using var kimi = await KimiHarness.CreateAsync([FakeAnswer.Hang(TimeSpan.FromMinutes(2))], ApprovalPolicy.Yolo);
        await kimi.StartAsync();
        using var cancel = new CancellationTokenSource();

        var turnTask = kimi.PromptAsync("Think slowly.", cancel.Token);
        await kimi.Llm.WaitForScriptedCallAsync(CallArrives);
        var clock = Stopwatch.StartNew();
        if (how == "token")
        {
            await cancel.CancelAsync();
        }
        else
        {
            await kimi.Session.CancelTurnAsync();
        }

        var turn = await turnTask;

        Assert.Equal("cancelled", turn.StopReason);
        Assert.Null(turn.FailureReason); // the agent confirmed the cancel in time
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the turn took {clock.Elapsed} to end after the cancel");
        Assert.Contains("\"method\":\"session/cancel\"", kimi.TranscriptText());
        Assert.Contains("\"stopReason\":\"cancelled\"", kimi.TranscriptText());
        Assert.False(kimi.Session.Exited.IsCompleted, "a cancelled turn leaves the agent running");
    }

    [Fact]
    public async Task Cancelling_while_a_permission_request_waits_for_a_human_withdraws_it_and_logs_the_decision()
    {
        var human = new WaitingApprovalChannel();
        await using var kimi = await KimiHarness.CreateAsync(
            [FakeAnswer.Call("Write", new JsonObject { ["path"] = "late.txt", ["content"] = "too late\n" }), FakeAnswer.Say("Stopped.")],
            ApprovalPolicy.Never,
            human);
        await kimi.StartAsync();
        using var cancel = new CancellationTokenSource();

        var turnTask = kimi.PromptAsync("Write late.txt.", cancel.Token);
        var asked = await human.Asked.WaitAsync(CallArrives);
        await cancel.CancelAsync();
        var turn = await turnTask;

        Assert.Equal("Write", asked.Tool);
        Assert.Equal("cancelled", turn.StopReason);
        Assert.False(File.Exists(Path.Combine(kimi.Work, "late.txt")));
        Assert.Contains("\"outcome\":{\"outcome\":\"cancelled\"}", kimi.TranscriptText());
        var events = await kimi.EventsAsync();
        var requested = Assert.Single(events, e => e.Kind == EventKind.ApprovalRequested);
        var decided = Assert.Single(events, e => e.Kind == EventKind.ApprovalDecided);
        Assert.Equal(requested.PayloadString("request_id"), decided.PayloadString("request_id"));
        Assert.Equal("reject", decided.PayloadString("decision"));
        Assert.Equal("cancelled", decided.PayloadString("decided_by"));
    }

    [Fact]
    public async Task A_turn_longer_than_the_turn_timeout_is_cancelled_and_ends_as_timed_out()
    {
        await using var kimi = await KimiHarness.CreateAsync(
            [FakeAnswer.Hang(TimeSpan.FromMinutes(2))], ApprovalPolicy.Yolo, turnTimeout: TimeSpan.FromSeconds(2));
        await kimi.StartAsync();
        var clock = Stopwatch.StartNew();

        var turn = await kimi.PromptAsync("Think slowly.");

        Assert.Equal("timed_out", turn.StopReason);
        Assert.Contains("did not end within 2 s", turn.FailureReason);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"the turn took {clock.Elapsed}");
        Assert.Contains("\"method\":\"session/cancel\"", kimi.TranscriptText());
    }

    [Theory]
    [InlineData("agent process")]
    [InlineData("process group")]
    public async Task Killing_the_agent_mid_turn_ends_the_turn_as_crashed_within_five_seconds(string killed)
    {
        await using var kimi = await KimiHarness.CreateAsync([FakeAnswer.Hang(TimeSpan.FromMinutes(2))], ApprovalPolicy.Yolo);
        await kimi.StartAsync();
        var pid = kimi.Session.ProcessId!.Value;

        var turnTask = kimi.PromptAsync("Think slowly.");
        await kimi.Llm.WaitForScriptedCallAsync(CallArrives);
        var clock = Stopwatch.StartNew();
        if (killed == "agent process")
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: false);
        }
        else
        {
            using var kill = Process.Start("kill", ["-KILL", "--", $"-{pid}"]);
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        var turn = await turnTask;

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the crash took {clock.Elapsed} to be reported");
        Assert.Equal("crashed", turn.StopReason);
        Assert.Contains("exited with code 137 (signal 9) during the turn", turn.FailureReason);
        Assert.Equal(137, await kimi.Session.Exited.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
