using System.Text.Json;
using Omk.Agents.Approvals;

namespace Omk.Agents.Wire.Tests;

/// <summary>
/// What the recordings do not show, from the spec's tables (Recordings/spec-scenarios.json): every event type
/// (think chunks, StepRetry, Notification, PlanDisplay, Hook*, Btw*, SubagentEvent nested twice, an unknown type),
/// every request type (HookRequest, QuestionRequest, ToolCallRequest, an unknown one) and unknown fields.
/// </summary>
public sealed class SpecScenarioTests
{
    [Fact]
    public async Task Every_event_and_request_type_is_handled_and_nothing_is_dropped()
    {
        await using var h = await WireHarness.StartAsync("spec::every_event_and_request_type");
        var turn = await h.Session.PromptAsync("spec tour", CancellationToken.None);

        Assert.Equal("end_turn", turn.StopReason);
        Assert.Equal("Reading the file. Done.", turn.Text);
        Assert.Equal("Let me look at the file first.", Assert.Single(h.UpdatesOf<AgentThoughtChunk>()).Text);

        var fromAgent = h.FromAgent();
        Assert.Equal(UpdateLabels.Expected(fromAgent), UpdateLabels.Actual(h.Updates));
        RecordedExchangeTests.AssertNotesKeepPayloads(h, fromAgent);

        // Unknown types and fields are kept as they came.
        var future = Assert.Single(h.UpdatesOf<AgentNote>(), n => n.Type == "FutureEvent");
        Assert.Equal(3, future.Raw.GetProperty("nested").GetProperty("list").GetArrayLength());
        Assert.Contains(h.UpdatesOf<AgentNote>(), n => n.Type == "StatusUpdate" && n.Raw.TryGetProperty("yolo_mode", out _));
        Assert.Contains(h.UpdatesOf<AgentNote>(), n => n.Type == "ApprovalRequest" && n.Raw.GetProperty("display")[1].GetProperty("type").GetString() == "future_block");
        Assert.Contains(h.UpdatesOf<AgentNote>(), n => n.Type == "ContentPart" && n.Raw.GetProperty("type").GetString() == "image_url");

        // Token usage: the turn's StatusUpdates plus the subagents' (nested twice), summed.
        Assert.Equal(new TokenUsage(100 + 50 + 7 + 1, 20 + 10 + 3 + 1, 30 + 100 + 0 + 2, 5), turn.Usage);
        Assert.Equal(4, h.UpdatesOf<AgentUsage>().Count);

        // Subagent events: unwrapped type, parent tool call kept.
        var subagent = h.UpdatesOf<AgentNote>().Where(n => n.Type.StartsWith("SubagentEvent/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["SubagentEvent/ContentPart", "SubagentEvent/StatusUpdate", "SubagentEvent/SubagentEvent/StatusUpdate"], subagent.Select(n => n.Type));
        Assert.All(subagent, n => Assert.Equal("tc-3", n.Raw.GetProperty("parent_tool_call_id").GetString()));

        // Tool calls: streamed arguments joined, paths from path/file fields, status from is_error.
        var calls = turn.ToolCalls.ToDictionary(c => c.ToolCallId);
        Assert.Equal(["tc-1", "tc-2", "tc-3", "tc-5"], turn.ToolCalls.Select(c => c.ToolCallId));
        Assert.Equal(("ReadFile", "read", "completed"), (calls["tc-1"].Tool, calls["tc-1"].Kind, calls["tc-1"].Status));
        Assert.Equal($"{{\"path\": \"{h.WorkDirectory}/src/app.py\", \"line_offset\": 1}}", calls["tc-1"].Input);
        Assert.Equal([$"{h.WorkDirectory}/src/app.py"], calls["tc-1"].Paths);
        Assert.Equal(("WriteFile", "edit", "failed"), (calls["tc-2"].Tool, calls["tc-2"].Kind, calls["tc-2"].Status));
        Assert.Equal([$"{h.WorkDirectory}/out.txt"], calls["tc-2"].Paths);
        Assert.Equal("completed", calls["tc-3"].Status);
        Assert.Equal(("ext_tool", "failed"), (calls["tc-5"].Tool, calls["tc-5"].Status)); // omk answered the external tool with an error
        Assert.Equal(["README.md"], calls["tc-5"].Paths);

        // Every request answered as the spec says; the double checked each shape.
        var answers = h.Report().Where(r => r["kind"]!.GetValue<string>() == "answer").ToDictionary(r => r["type"]!.GetValue<string>());
        Assert.Equal(["ApprovalRequest", "FutureRequest", "HookRequest", "QuestionRequest", "ToolCallRequest"], answers.Keys.Order(StringComparer.Ordinal));
        Assert.All(answers.Values, a => Assert.True(a["ok"]!.GetValue<bool>(), a.ToJsonString()));
        Assert.Equal("approve", answers["ApprovalRequest"]["answer"]!["result"]!["response"]!.GetValue<string>());
        Assert.Equal("allow", answers["HookRequest"]["answer"]!["result"]!["action"]!.GetValue<string>());
        Assert.Empty(answers["QuestionRequest"]["answer"]!["result"]!.AsObject());
        Assert.Equal("omk has no external tools", answers["ToolCallRequest"]["answer"]!["result"]!["return_value"]!["message"]!.GetValue<string>());
        Assert.Equal(-32601, answers["FutureRequest"]["answer"]!["error"]!["code"]!.GetValue<int>());
        Assert.Contains(h.UpdatesOf<AgentNote>(), n => n.Type == "FutureRequest");
    }

    [Fact]
    public async Task A_cancelled_status_ends_the_turn_cancelled()
    {
        await using var h = await WireHarness.StartAsync("spec::cancelled_status");
        var turn = await h.Session.PromptAsync("stop me", CancellationToken.None);
        Assert.Equal("cancelled", turn.StopReason);
        Assert.Equal("working", turn.Text);
        Assert.False(turn.Succeeded);
    }

    [Fact]
    public async Task The_handshake_says_who_the_client_is_and_what_it_cannot_do()
    {
        await using var h = await WireHarness.StartAsync("test_wire_prompt.py::test_basic_prompt_events", new WireHarnessOptions { Policy = ApprovalPolicy.Yolo });
        var initialize = h.Report().Single(r => r["kind"]!.GetValue<string>() == "initialize")["params"]!;
        Assert.Equal("1.10", initialize["protocol_version"]!.GetValue<string>());
        Assert.Equal("omk", initialize["client"]!["name"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(initialize["client"]!["version"]!.GetValue<string>()));
        Assert.False(initialize["capabilities"]!["supports_question"]!.GetValue<bool>());
        Assert.False(initialize["capabilities"]!["supports_plan_mode"]!.GetValue<bool>());

        // Ids are strings (a number fails the server's validation), and the answer is kept.
        var toAgent = h.Transcript().Where(t => t["dir"]!.GetValue<string>() == "to_agent").Select(t => t["line"]!).ToList();
        Assert.All(toAgent, line => Assert.Equal(JsonValueKind.String, line["id"]!.GetValueKind()));
        Assert.Equal("Kimi Code CLI", h.Session.InitializeResult!.Value.GetProperty("server").GetProperty("name").GetString());
    }
}
