using Omk.Agents.Protocol;
using Omk.Events;

namespace Omk.Agents.Wire.Tests;

/// <summary><c>replay</c> re-sends the session's history: it arrives as updates, and re-sent requests are not answered.</summary>
public sealed class ReplayTests
{
    [Fact]
    public async Task Replayed_requests_are_not_answered_again()
    {
        await using var h = await WireHarness.StartAsync("test_wire_approvals_tools.py::test_shell_approval_approve");
        var turn = await h.Session.PromptAsync("run shell", CancellationToken.None);
        Assert.Equal("end_turn", turn.StopReason);
        var updatesAfterTurn = h.Updates.Count;

        var replay = await h.Session.ReplayAsync();

        Assert.Equal(new WireReplay("finished", 11, 1), replay);
        await Task.Delay(200); // the re-sent request's handler runs on its own; an (unwanted) answer would be sent by now
        Assert.Equal(updatesAfterTurn * 2, h.Updates.Count); // the same traffic once more, as updates
        var report = h.Report();
        Assert.Single(report, r => r["kind"]!.GetValue<string>() == "answer");
        Assert.Empty(report.Where(r => r["kind"]!.GetValue<string>() == "problem").Select(r => r.ToJsonString()));
        Assert.Single(await h.EventsAsync(), e => e.Kind == EventKind.ApprovalRequested);
    }

    [Fact]
    public async Task Replay_during_a_turn_is_refused_by_the_agent()
    {
        await using var h = await WireHarness.StartAsync("test_wire_prompt.py::test_basic_prompt_events", new WireHarnessOptions { DoubleArguments = ["--hold-turn"] });
        var prompt = h.Session.PromptAsync("hi", CancellationToken.None);
        await h.WaitForReportAsync("prompt", 0);

        var error = await Assert.ThrowsAsync<JsonRpcException>(() => h.Session.ReplayAsync());
        Assert.Equal(-32000, error.Code);

        await h.Session.CancelTurnAsync();
        Assert.Equal("cancelled", (await prompt).StopReason);
    }
}
