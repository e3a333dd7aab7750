using Omk.Agents.Approvals;
using Omk.Events;

namespace Omk.Agents.Wire.Tests;

/// <summary>ApprovalRequests go through the approval policy and the human channel, and are recorded as events.</summary>
public sealed class ApprovalTests
{
    private const string Approve = "test_wire_approvals_tools.py::test_shell_approval_approve";

    [Fact]
    public async Task Yolo_approves_and_logs_the_approval()
    {
        await using var h = await WireHarness.StartAsync(Approve, new WireHarnessOptions { Policy = ApprovalPolicy.Yolo });
        var turn = await h.Session.PromptAsync("run shell", CancellationToken.None);

        Assert.Equal("end_turn", turn.StopReason);
        Assert.Equal("step1done", turn.Text);
        var call = Assert.Single(turn.ToolCalls);
        Assert.Equal(("tc-1", "Shell", "execute", "completed"), (call.ToolCallId, call.Tool, call.Kind, call.Status));

        var answer = Assert.Single(h.Report(), r => r["kind"]!.GetValue<string>() == "answer");
        Assert.Equal("approve", answer["answer"]!["result"]!["response"]!.GetValue<string>());
        Assert.Equal("", answer["answer"]!["result"]!["feedback"]!.GetValue<string>());

        var events = await h.EventsAsync();
        var requested = Assert.Single(events, e => e.Kind == EventKind.ApprovalRequested);
        Assert.Equal("Shell", requested.PayloadString("tool"));
        Assert.Equal("run command", requested.PayloadString("action"));
        Assert.Equal("yolo", requested.PayloadString("policy"));
        Assert.Equal("worker-1", requested.Actor);
        var decided = Assert.Single(events, e => e.Kind == EventKind.ApprovalDecided);
        Assert.Equal("approve", decided.PayloadString("decision"));
        Assert.Equal("policy:yolo", decided.PayloadString("decided_by"));
        Assert.Equal(requested.PayloadString("request_id"), decided.PayloadString("request_id"));
        Assert.Equal(answer["id"]!.GetValue<string>(), decided.PayloadString("request_id"));
    }

    [Fact]
    public async Task Never_with_no_human_rejects_with_feedback_and_the_agent_stops()
    {
        await using var h = await WireHarness.StartAsync(Approve, new WireHarnessOptions { Policy = ApprovalPolicy.Never, Channel = new NoHumanChannel() });
        var turn = await h.Session.PromptAsync("run shell", CancellationToken.None);

        // The double saw the rejection, echoed it and ended the turn after the rejected tool's result, as kimi-cli does.
        var answer = Assert.Single(h.Report(), r => r["kind"]!.GetValue<string>() == "answer");
        Assert.True(answer["ok"]!.GetValue<bool>(), answer.ToJsonString());
        Assert.Equal("reject", answer["answer"]!["result"]!["response"]!.GetValue<string>());
        Assert.Contains("no-human", answer["answer"]!["result"]!["feedback"]!.GetValue<string>(), StringComparison.Ordinal);
        var echo = Assert.Single(h.UpdatesOf<AgentNote>(), n => n.Type == "ApprovalResponse");
        Assert.Equal("reject", echo.Raw.GetProperty("response").GetString());

        Assert.Equal("end_turn", turn.StopReason);
        Assert.Equal("step1", turn.Text);
        Assert.Equal("failed", Assert.Single(turn.ToolCalls).Status);

        var events = await h.EventsAsync();
        Assert.Single(events, e => e.Kind == EventKind.ApprovalRequested);
        var decided = Assert.Single(events, e => e.Kind == EventKind.ApprovalDecided);
        Assert.Equal("reject", decided.PayloadString("decision"));
        Assert.Equal("no-human", decided.PayloadString("decided_by"));
    }

    [Fact]
    public async Task Safe_asks_the_human_for_a_shell_command_and_the_answer_is_sent()
    {
        await using var h = await WireHarness.StartAsync(Approve, new WireHarnessOptions
        {
            Policy = ApprovalPolicy.Safe,
            Channel = new ScriptedApprovalChannel([ApprovalDecision.ApproveForSession]),
        });
        var turn = await h.Session.PromptAsync("run shell", CancellationToken.None);

        Assert.Equal("end_turn", turn.StopReason);
        var answer = Assert.Single(h.Report(), r => r["kind"]!.GetValue<string>() == "answer");
        Assert.Equal("approve_for_session", answer["answer"]!["result"]!["response"]!.GetValue<string>());
        var decided = Assert.Single(await h.EventsAsync(), e => e.Kind == EventKind.ApprovalDecided);
        Assert.Equal(("approve_for_session", "script"), (decided.PayloadString("decision"), decided.PayloadString("decided_by")));
    }
}
