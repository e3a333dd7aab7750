using System.Globalization;
using System.Text.Json.Nodes;
using Omk.WireDouble.Scenarios;

namespace Omk.WireDouble;

/// <summary>
/// Plays one prompt's recorded traffic: events in order, each request sent with a real id and its answer awaited
/// and checked before going on, then the prompt's recorded answer. The agent's side reacts to the client's answers
/// as kimi-cli does: the ApprovalResponse echo carries the client's decision; a rejection the recording did not have
/// ends the turn after the rejected tool's result (as in <c>test_shell_approval_reject</c>); an external tool's
/// result is the client's return value. Fault options inject garbage, a crash or a hang.
/// </summary>
internal sealed class TurnPlayback(WireServer server, ScriptTurn turn, int index, JsonNode? promptId, JsonNode userInput, string? expectedSideCall)
{
    private static readonly string[] Garbage =
    [
        "this line is not JSON at all",
        "{\"jsonrpc\":\"2.0\",\"note\":\"neither a method nor an id\"}",
        "[1,2,3]",
        "{\"jsonrpc\":\"2.0\",\"id\":\"nobody-asked\",\"result\":{}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"type\":\"ContentPart\",\"pay",
        "DEBUG kimi_cli.soul: a log line printed to stdout by mistake",
    ];

    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _sideCall = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, JsonObject> _approvals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonNode?> _externalResults = new(StringComparer.Ordinal);
    private int _garbage;
    private int _answered;

    public int Index => index;

    public void Cancel() => _cancelled.TrySetResult();

    public void Steer(JsonNode? input)
    {
        SideCall("steer");
        server.SendEvent("SteerInput", new JsonObject { ["user_input"] = input?.DeepClone() });
    }

    public void SideCall(string method)
    {
        if (method == expectedSideCall)
        {
            _sideCall.TrySetResult();
        }
    }

    public async Task RunAsync()
    {
        var options = server.Options;
        server.Report.Write("prompt", new JsonObject { ["turn"] = index, ["user_input"] = userInput.DeepClone(), ["recorded_user_input"] = turn.UserInput });
        try
        {
            if (options.Stall)
            {
                server.Stall();
                return;
            }

            if (options.BenchEvents is { } count)
            {
                server.SendLines(server.BenchLines ?? BenchStream.Lines(count));
                Finish(ScriptTurn.Finished);
                return;
            }

            await PlayAsync(options);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            server.Report.Problem($"turn {index} failed in the double: {ex}");
            server.Error(promptId, -32603, $"{ex.GetType().Name}: {ex.Message}");
            server.TurnEnded(this);
        }
    }

    private async Task PlayAsync(DoubleOptions options)
    {
        var messages = turn.Messages;
        var crashAt = !options.CrashMidTurn ? -1 : messages.Count >= 2 ? Math.Max(1, messages.Count / 2) : messages.Count;
        var holding = expectedSideCall is not null;
        var skipping = false;
        string? rejectedToolCall = null;
        var depth = 0;

        if (options.Plant is { } plant)
        {
            server.SendEvent("ContentPart", new JsonObject { ["type"] = "text", ["text"] = plant });
        }

        for (var i = 0; i < messages.Count && !_cancelled.Task.IsCompleted; i++)
        {
            if (i == crashAt)
            {
                Crash();
            }

            if (options.Malformed)
            {
                server.SendRaw(Garbage[_garbage++ % Garbage.Length]);
            }

            var message = messages[i];
            if (message.IsEvent)
            {
                depth += message.Type == "TurnBegin" ? 1 : message.Type == "TurnEnd" ? -1 : 0;
                if (skipping)
                {
                    if (message.Type == "TurnEnd" && depth <= 0)
                    {
                        server.SendEvent("TurnEnd", new JsonObject());
                        skipping = false;
                    }

                    continue;
                }

                var payload = server.Placeholders.Resolve(message.Payload) ?? new JsonObject();
                if (message.Type is "ApprovalResponse" or "ApprovalRequestResolved"
                    && payload["request_id"]?.GetValue<string>() is { } requestId && _approvals.TryGetValue(requestId, out var decision))
                {
                    payload["response"] = decision["response"]?.DeepClone();
                    payload["feedback"] = decision["feedback"]?.DeepClone() ?? "";
                }

                if (message.Type == "ToolResult" && payload["tool_call_id"]?.GetValue<string>() is { } toolCallId)
                {
                    if (toolCallId == rejectedToolCall)
                    {
                        payload["return_value"] = RejectedResult();
                        server.SendEvent(message.Type, payload);
                        skipping = true; // "Stop what you are doing": the rest of the turn is not played
                        rejectedToolCall = null;
                        continue;
                    }

                    if (_externalResults.TryGetValue(toolCallId, out var external))
                    {
                        var value = external?.DeepClone() as JsonObject ?? new JsonObject();
                        value["extras"] ??= null;
                        payload["return_value"] = value;
                    }
                }

                server.SendEvent(message.Type, payload);
                continue;
            }

            if (skipping)
            {
                continue;
            }

            var (answer, id, requestPayload) = await SendRequestAsync(message, holding);
            holding = false;
            if (answer is null)
            {
                break; // cancelled or connection closed
            }

            if (message.Type == "ApprovalRequest" && answer["result"] is JsonObject result)
            {
                _approvals[id] = result;
                var recorded = RecordedDecision(messages, i);
                if (result["response"]?.GetValue<string>() == "reject" && recorded is not null and not "reject")
                {
                    rejectedToolCall = requestPayload["tool_call_id"]?.GetValue<string>();
                }
            }
            else if (message.Type == "ToolCallRequest" && answer["result"] is JsonObject toolResult)
            {
                _externalResults[id] = toolResult["return_value"]?.DeepClone();
            }
        }

        if (crashAt >= messages.Count)
        {
            Crash();
        }

        if (holding)
        {
            await WaitForSideCallAsync();
        }

        if (options.HoldTurn)
        {
            await Task.WhenAny(_cancelled.Task, Task.Delay(TimeSpan.FromSeconds(60)));
        }

        if (_cancelled.Task.IsCompleted)
        {
            server.SendEvent("StepInterrupted", new JsonObject());
            server.SendEvent("TurnEnd", new JsonObject());
            Finish(new JsonObject { ["result"] = new JsonObject { ["status"] = "cancelled" } });
        }
        else if (options.ErrorCode is { } code)
        {
            Finish(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = ErrorText(code), ["data"] = null } });
        }
        else
        {
            Finish((JsonObject)server.Placeholders.Resolve(turn.Response)!);
        }
    }

    private async Task<(JsonObject? Answer, string Id, JsonObject Payload)> SendRequestAsync(ScriptMessage message, bool holding)
    {
        var payload = server.Placeholders.Resolve(message.Payload) as JsonObject ?? new JsonObject();
        var recordedId = message.Payload?["id"]?.GetValue<string>();
        var id = recordedId is null or Placeholders.Uuid ? Placeholders.NewId() : recordedId;
        payload["id"] = id;
        server.Placeholders.LastRequestId = id;
        var answerTask = server.RequestAsync(message.Type, payload, id);
        if (holding)
        {
            await WaitForSideCallAsync();
        }

        await Task.WhenAny(answerTask, _cancelled.Task);
        if (!answerTask.IsCompleted)
        {
            server.Report.Write("answer", new JsonObject { ["type"] = message.Type, ["id"] = id, ["ok"] = false, ["problems"] = new JsonArray("cancelled before the answer") });
            return (null, id, payload);
        }

        var answer = await answerTask;
        if (answer is null)
        {
            server.Report.Write("answer", new JsonObject { ["type"] = message.Type, ["id"] = id, ["ok"] = false, ["problems"] = new JsonArray("the connection closed before the answer") });
            return (null, id, payload);
        }

        var problems = AnswerChecks.Check(message.Type, id, answer);
        _answered++;
        server.Report.Write("answer", new JsonObject
        {
            ["type"] = message.Type,
            ["id"] = id,
            ["ok"] = problems.Count == 0,
            ["problems"] = new JsonArray(problems.Select(p => (JsonNode)p).ToArray()),
            ["answer"] = answer.DeepClone(),
        });
        return (answer, id, payload);
    }

    private async Task WaitForSideCallAsync()
    {
        if (await Task.WhenAny(_sideCall.Task, _cancelled.Task, Task.Delay(TimeSpan.FromSeconds(20))) != _sideCall.Task)
        {
            server.Report.Problem($"turn {index}: the recorded '{expectedSideCall}' during the turn never came");
        }
    }

    private void Finish(JsonObject response)
    {
        // Reported before answering: once the client has the answer, the report is complete.
        server.TurnEnded(this);
        server.Report.Write("turn_end", new JsonObject
        {
            ["turn"] = index,
            ["response"] = response.DeepClone(),
            ["requests_answered"] = _answered,
            ["garbage_lines"] = _garbage,
            ["cancelled"] = _cancelled.Task.IsCompleted,
        });
        server.Respond(promptId, response);
    }

    /// <summary>The decision the recording shows for the request at <paramref name="index"/>: the next ApprovalResponse's.</summary>
    private static string? RecordedDecision(IReadOnlyList<ScriptMessage> messages, int index) =>
        messages.Skip(index + 1).FirstOrDefault(m => m.IsEvent && m.Type is "ApprovalResponse" or "ApprovalRequestResolved")?.Payload?["response"]?.GetValue<string>();

    /// <summary>kimi-cli's ToolResult for a rejected call (from the recording of <c>test_shell_approval_reject</c>).</summary>
    private static JsonObject RejectedResult() => new()
    {
        ["is_error"] = true,
        ["output"] = "",
        ["message"] = "The tool call is rejected by the user. Stop what you are doing and wait for the user to tell you how to proceed.",
        ["display"] = new JsonArray(new JsonObject { ["type"] = "brief", ["text"] = "Rejected by user" }),
        ["extras"] = null,
    };

    private static string ErrorText(int code) => code switch
    {
        -32000 => WireScenario.TurnRunningMessage,
        -32001 => "LLM is not set",
        -32002 => "LLM model 'scripted_echo' does not support required capability: image_in.",
        -32003 => "Error code: 429 - rate limit reached for requests",
        -32004 => "Authentication expired. Please run /login again.",
        -32603 => "RuntimeError: the wire double failed on purpose (--error-code -32603)",
        _ => $"error {code} from the wire double",
    };

    private void Crash()
    {
        server.Report.Write("crash", new JsonObject { ["turn"] = index });
        Console.Error.WriteLine("Traceback (most recent call last):");
        Console.Error.WriteLine("  File \"kimi_cli/wire/server.py\", line 412, in _handle_prompt");
        Console.Error.WriteLine("RuntimeError: wire double crashed mid-turn (--crash-mid-turn)");
        Console.Error.Flush();
        Environment.Exit(3);
    }
}
