using System.Text.Json.Nodes;
using Omk.Agents.Approvals;
using Omk.Events;
using Omk.WireDouble.Scenarios;

namespace Omk.Agents.Wire.Tests;

/// <summary>
/// The driver against every one of kimi-cli's 41 recorded Wire exchanges, replayed by the double: nothing the agent
/// sends is lost, every request is answered in the shape the server validates, each turn ends as recorded.
/// </summary>
public sealed class RecordedExchangeTests
{
    public static TheoryData<string> Keys => new(WireDouble.Recorded.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void All_41_recordings_are_there()
    {
        Assert.Equal(41, WireDouble.Recorded.Count);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task Every_recorded_message_is_handled(string key)
    {
        var scenario = WireDouble.Recorded[key];
        var decisions = scenario.Turns.SelectMany(RecordedDecisions).ToList();
        await using var h = await WireHarness.StartAsync(key, new WireHarnessOptions { Policy = ApprovalPolicy.Never, Channel = new ScriptedApprovalChannel(decisions) });

        // The handshake: the server's recorded answer (test_initialize_handshake's for scenarios that did not record one).
        var info = h.Session.Info!;
        Assert.Equal("wire", info.Protocol);
        Assert.Equal(scenario.InitializeResult?["server"]?["name"]?.GetValue<string>() ?? "Kimi Code CLI", info.Name);
        Assert.Equal("1.10", info.ProtocolVersion);

        foreach (var call in scenario.SideCalls.Where(c => c.Timing == SideCallTiming.BeforeTurns))
        {
            await SideCallAsync(h, call);
        }

        for (var i = 0; i < scenario.Turns.Count; i++)
        {
            var turn = scenario.Turns[i];
            var prompt = h.Session.PromptAsync(turn.UserInput ?? $"turn {i + 1}", CancellationToken.None);
            if (scenario.SideCalls.FirstOrDefault(c => c.Timing == SideCallTiming.DuringTurn && c.Turn == i) is { } during)
            {
                await h.WaitForReportAsync("prompt", i);
                await SideCallAsync(h, during);
            }

            var result = await prompt;
            AssertEndsAsRecorded(turn, result);
            Assert.Equal(string.Concat(turn.Events.Where(e => e.Type == "ContentPart" && e.Payload?["type"]?.GetValue<string>() == "text").Select(e => e.Payload!["text"]!.GetValue<string>())), result.Text);
            var external = turn.Requests.Where(r => r.Type == "ToolCallRequest").Select(r => r.Payload!["id"]!.GetValue<string>()).ToHashSet();
            foreach (var toolResult in turn.Events.Where(e => e.Type == "ToolResult"))
            {
                // An external tool's result is what the client answered: omk has none, so it failed.
                var id = toolResult.Payload!["tool_call_id"]!.GetValue<string>();
                var call = Assert.Single(result.ToolCalls, c => c.ToolCallId == id);
                Assert.Equal(external.Contains(id) || toolResult.Payload["return_value"]!["is_error"]!.GetValue<bool>() ? "failed" : "completed", call.Status);
            }
        }

        foreach (var call in scenario.SideCalls.Where(c => c.Timing == SideCallTiming.AfterTurns))
        {
            await SideCallAsync(h, call);
        }

        // Everything recorded was played and arrived (events by type), plus the SteerInput a steer causes, plus what a
        // replay re-sent (the session's events so far, once more).
        var fromAgent = h.FromAgent();
        var played = fromAgent.Where(m => m["method"]?.GetValue<string>() == "event").Select(m => m["params"]!["type"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        var live = scenario.Turns.SelectMany(t => t.Events).Select(e => e.Type)
            .Concat(scenario.SideCalls.Where(c => c.Method == "steer" && c.Timing == SideCallTiming.DuringTurn).Select(_ => "SteerInput"))
            .ToList();
        var recorded = live.Concat(scenario.SideCalls.Any(c => c.Method == "replay") ? live : []).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(recorded, played);

        // Every event and request became an update, by type.
        Assert.Equal(UpdateLabels.Expected(fromAgent), UpdateLabels.Actual(h.Updates));
        AssertNotesKeepPayloads(h, fromAgent);

        // Every request was answered, in the shape the server validates (the double checked each answer).
        var report = h.Report();
        var answers = report.Where(r => r["kind"]!.GetValue<string>() == "answer").ToList();
        Assert.Equal(scenario.Turns.Sum(t => t.Requests.Count()), answers.Count);
        Assert.All(answers, a => Assert.True(a["ok"]!.GetValue<bool>(), a.ToJsonString()));
        Assert.Empty(report.Where(r => r["kind"]!.GetValue<string>() == "problem").Select(r => r.ToJsonString()));

        // Approvals went through the policy and the channel, and were recorded as events.
        var events = await h.EventsAsync();
        Assert.Equal(decisions.Count, events.Count(e => e.Kind == EventKind.ApprovalRequested));
        Assert.Equal(decisions, events.Where(e => e.Kind == EventKind.ApprovalDecided).Select(e => e.PayloadString("decision") ?? "?").ToList());
        Assert.Equal(0, h.Session.MalformedLines);
    }

    /// <summary>The decision the recording shows for each approval request of a turn (approve when it shows none).</summary>
    internal static IEnumerable<string> RecordedDecisions(ScriptTurn turn)
    {
        var messages = turn.Messages;
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].IsRequest && messages[i].Type == "ApprovalRequest")
            {
                yield return messages.Skip(i + 1).FirstOrDefault(m => m.IsEvent && m.Type == "ApprovalResponse")?.Payload?["response"]?.GetValue<string>()
                    ?? ApprovalDecision.Approve;
            }
        }
    }

    internal static void AssertEndsAsRecorded(ScriptTurn turn, AgentTurn result)
    {
        switch (turn.ResultStatus)
        {
            case "finished":
                Assert.Equal("end_turn", result.StopReason);
                Assert.Null(result.FailureReason);
                break;
            case "cancelled":
                Assert.Equal("cancelled", result.StopReason);
                break;
            case "max_steps_reached":
                Assert.Equal("max_steps_reached", result.StopReason);
                Assert.Contains("step limit", result.FailureReason, StringComparison.Ordinal);
                break;
            case null:
                Assert.Equal("failed", result.StopReason);
                Assert.Contains(turn.ErrorMessage!, result.FailureReason, StringComparison.Ordinal);
                Assert.Contains($"JSON-RPC error {turn.ErrorCode}", result.FailureReason, StringComparison.Ordinal);
                break;
            default:
                Assert.Fail($"unexpected recorded status {turn.ResultStatus}");
                break;
        }
    }

    /// <summary>Each note made from an event or request carries its payload exactly (unknown fields included).</summary>
    internal static void AssertNotesKeepPayloads(WireHarness h, List<JsonObject> fromAgent)
    {
        var notes = h.UpdatesOf<AgentNote>().Where(n => !UpdateLabels.DriverNotes.Contains(n.Type)).ToList();
        var requestTypes = fromAgent.Where(m => m["method"]?.GetValue<string>() == "request").Select(m => m["params"]!["type"]!.GetValue<string>()).ToHashSet();
        var noteEvents = fromAgent
            .Where(m => m["method"]?.GetValue<string>() == "event")
            .Select(m => (Type: m["params"]!["type"]!.GetValue<string>(), Payload: m["params"]!["payload"]))
            .Where(e => e.Type switch
            {
                "ContentPart" => e.Payload?["type"]?.GetValue<string>() is not ("text" or "think"),
                "ToolCall" or "ToolCallPart" or "ToolResult" => false,
                _ => true,
            })
            .ToList();
        var eventNotes = notes.Where(n => !requestTypes.Contains(n.Type)).ToList();
        Assert.Equal(noteEvents.Count, eventNotes.Count);
        for (var i = 0; i < noteEvents.Count; i++)
        {
            Assert.StartsWith(noteEvents[i].Type, eventNotes[i].Type, StringComparison.Ordinal);
            Assert.True(UpdateLabels.SameJson(eventNotes[i].Raw, noteEvents[i].Payload), $"{eventNotes[i].Type}: {eventNotes[i].Raw.GetRawText()} != {noteEvents[i].Payload?.ToJsonString()}");
        }

        foreach (var request in fromAgent.Where(m => m["method"]?.GetValue<string>() == "request"))
        {
            var type = request["params"]!["type"]!.GetValue<string>();
            Assert.Contains(notes, n => n.Type == type && UpdateLabels.SameJson(n.Raw, request["params"]!["payload"]));
        }
    }

    private static async Task SideCallAsync(WireHarness h, ScriptSideCall call)
    {
        var calls = () => h.Report().Count(r => r["kind"]!.GetValue<string>() == "call" && r["method"]!.GetValue<string>() == call.Method);
        var before = calls();
        switch (call.Method)
        {
            case "cancel":
                await h.Session.CancelTurnAsync();
                var rejected = Assert.Single(h.UpdatesOf<AgentNote>(), n => n.Type == "cancel_rejected");
                Assert.Equal(WireScenario.NoTurnMessage, rejected.Raw.GetProperty("message").GetString());
                break;
            case "steer":
                Assert.Equal(call.Timing == SideCallTiming.DuringTurn, await h.Session.SteerAsync("steer from the test"));
                break;
            case "replay":
                var replay = await h.Session.ReplayAsync();
                var recordedReplay = call.RecordedResponse["result"]!;
                Assert.Equal(
                    new WireReplay(recordedReplay["status"]!.GetValue<string>(), recordedReplay["events"]!.GetValue<long>(), recordedReplay["requests"]!.GetValue<long>()),
                    replay);
                break;
            case "prompt":
                var second = await h.Session.PromptAsync("second", CancellationToken.None);
                Assert.Equal("failed", second.StopReason);
                Assert.Contains($"{WireScenario.TurnRunningMessage} (JSON-RPC error -32000)", second.FailureReason, StringComparison.Ordinal);
                break;
            default:
                Assert.Fail($"the driver has no '{call.Method}' call");
                break;
        }

        // The double answered exactly what the recording shows.
        for (var i = 0; i < 100 && calls() == before; i++)
        {
            await Task.Delay(20);
        }

        var answered = h.Report().Last(r => r["kind"]!.GetValue<string>() == "call" && r["method"]!.GetValue<string>() == call.Method);
        Assert.True(JsonNode.DeepEquals(call.RecordedResponse, answered["response"]), $"{answered["response"]?.ToJsonString()} != {call.RecordedResponse.ToJsonString()}");
    }
}
