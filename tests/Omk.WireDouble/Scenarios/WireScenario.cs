using System.Text.Json.Nodes;

namespace Omk.WireDouble.Scenarios;

/// <summary>
/// One recorded exchange (a key of <c>kimi-wire-transcripts.json</c>, <c>file::test</c>) read as a script for the
/// double. A recording is the list of snapshots one kimi-cli e2e test took, in order; each snapshot is read by its
/// shape:
/// <list type="bullet">
/// <item>a list of <c>{method,type,payload}</c> messages: the traffic of one or more prompts, split at each
/// top-level <c>TurnEnd</c> (nested TurnBegin/TurnEnd, as in flow skills, stay in one turn);</item>
/// <item><c>{type,payload}</c>: one event of a turn; an ApprovalRequest payload (<c>id, tool_call_id, sender…</c>):
/// one request of a turn;</item>
/// <item><c>{result:{protocol_version…}}</c>: the initialize answer; <c>{result:{status…}}</c>: the answer to the
/// prompt whose traffic follows (max_steps_reached); <c>{result:{status:"steered"}}</c>: a steer during a turn;
/// <c>{status,events,requests}</c> (with or without <c>result</c>): a replay after the turns;</item>
/// <item><c>{error}</c>: "No agent turn is in progress" answers a cancel or steer sent with no turn (the test's name
/// says which); "An agent turn is already in progress" answers a second prompt during the turn that follows; any
/// other error answers the prompt itself (-32700 … -32003);</item>
/// <item>anything else (session file listings, context line counts) is not Wire traffic and is kept in
/// <see cref="NotWire"/>.</item>
/// </list>
/// </summary>
internal sealed record WireScenario(
    string Key,
    JsonObject? InitializeResult,
    IReadOnlyList<ScriptTurn> Turns,
    IReadOnlyList<ScriptSideCall> SideCalls,
    IReadOnlyList<string> NotWire)
{
    public const string NoTurnMessage = "No agent turn is in progress";
    public const string TurnRunningMessage = "An agent turn is already in progress";

    /// <summary>Reads every scenario of a transcripts file (<c>{key: [snapshot, …]}</c>).</summary>
    public static IReadOnlyDictionary<string, WireScenario> LoadAll(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))?.AsObject()
            ?? throw new InvalidDataException($"{path}: not a JSON object of recordings.");
        var scenarios = new Dictionary<string, WireScenario>(StringComparer.Ordinal);
        foreach (var (key, value) in root)
        {
            scenarios[key] = FromSnapshots(key, value?.AsArray() ?? throw new InvalidDataException($"{path}: '{key}' is not a list."));
        }

        return scenarios;
    }

    public static WireScenario FromSnapshots(string key, JsonArray snapshots)
    {
        JsonObject? initialize = null;
        var turns = new List<ScriptTurn>();
        var sideCalls = new List<ScriptSideCall>();
        var notWire = new List<string>();
        JsonObject? promptAnswer = null; // a recorded prompt answer that belongs to the traffic that follows
        JsonObject? concurrentPrompt = null;

        foreach (var snapshot in snapshots)
        {
            switch (snapshot)
            {
                case JsonArray list when list.Count > 0 && list.All(IsMessage):
                    var first = turns.Count;
                    foreach (var messages in SplitTurns(list.Select(ToMessage)))
                    {
                        turns.Add(new ScriptTurn(messages, ScriptTurn.Finished));
                    }

                    if (promptAnswer is not null && turns.Count > first)
                    {
                        turns[^1] = turns[^1] with { Response = promptAnswer };
                        promptAnswer = null;
                    }

                    if (concurrentPrompt is not null && turns.Count > first)
                    {
                        sideCalls.Add(new ScriptSideCall("prompt", SideCallTiming.DuringTurn, first, concurrentPrompt));
                        concurrentPrompt = null;
                    }

                    break;
                case JsonObject single when single["type"] is JsonValue && single.ContainsKey("payload"):
                    turns.Add(new ScriptTurn([ScriptMessage.Event(single["type"]!.GetValue<string>(), single["payload"]?.DeepClone())], ScriptTurn.Finished));
                    break;
                case JsonObject replay when replay.ContainsKey("status") && replay.ContainsKey("events") && replay.ContainsKey("requests"):
                    // The replay's result, snapshotted without its envelope.
                    sideCalls.Add(new ScriptSideCall("replay", SideCallTiming.AfterTurns, turns.Count, new JsonObject { ["result"] = replay.DeepClone() }));
                    break;
                case JsonObject approval when approval.ContainsKey("id") && approval.ContainsKey("tool_call_id") && approval.ContainsKey("sender"):
                    turns.Add(new ScriptTurn([ScriptMessage.Request("ApprovalRequest", approval.DeepClone())], ScriptTurn.Finished));
                    break;
                case JsonObject answer when answer["result"] is JsonObject result:
                    if (result.ContainsKey("protocol_version"))
                    {
                        initialize = result.DeepClone().AsObject();
                    }
                    else if (Status(result) == "steered")
                    {
                        // The recording kept only the steer's answer: a turn with no recorded traffic, held until the steer.
                        turns.Add(new ScriptTurn([], ScriptTurn.Finished));
                        sideCalls.Add(new ScriptSideCall("steer", SideCallTiming.DuringTurn, turns.Count - 1, Copy(answer)));
                    }
                    else if (result.ContainsKey("events") && result.ContainsKey("requests"))
                    {
                        sideCalls.Add(new ScriptSideCall("replay", SideCallTiming.AfterTurns, turns.Count, Copy(answer)));
                    }
                    else if (result.ContainsKey("status"))
                    {
                        promptAnswer = Copy(answer);
                    }
                    else
                    {
                        notWire.Add(answer.ToJsonString());
                    }

                    break;
                case JsonObject failure when failure["error"] is JsonObject error:
                    var message = error["message"]?.GetValue<string>();
                    if (message == NoTurnMessage)
                    {
                        var method = key.Contains("steer", StringComparison.OrdinalIgnoreCase) ? "steer" : "cancel";
                        sideCalls.Add(new ScriptSideCall(method, SideCallTiming.BeforeTurns, 0, Copy(failure)));
                    }
                    else if (message == TurnRunningMessage)
                    {
                        concurrentPrompt = Copy(failure);
                    }
                    else
                    {
                        turns.Add(new ScriptTurn([], Copy(failure)));
                    }

                    break;
                default:
                    notWire.Add(snapshot?.ToJsonString() ?? "null");
                    break;
            }
        }

        if (promptAnswer is not null)
        {
            turns.Add(new ScriptTurn([], promptAnswer));
        }

        return new WireScenario(key, initialize, turns, sideCalls, notWire);
    }

    /// <summary>Splits recorded traffic into prompts at each TurnEnd that closes the outermost TurnBegin.</summary>
    private static IEnumerable<List<ScriptMessage>> SplitTurns(IEnumerable<ScriptMessage> messages)
    {
        var current = new List<ScriptMessage>();
        var depth = 0;
        foreach (var message in messages)
        {
            current.Add(message);
            if (!message.IsEvent)
            {
                continue;
            }

            if (message.Type == "TurnBegin")
            {
                depth++;
            }
            else if (message.Type == "TurnEnd" && --depth <= 0)
            {
                depth = 0;
                yield return current;
                current = [];
            }
        }

        if (current.Count > 0)
        {
            yield return current;
        }
    }

    private static bool IsMessage(JsonNode? node) =>
        node is JsonObject o && o["method"] is JsonValue && o["type"] is JsonValue;

    private static ScriptMessage ToMessage(JsonNode? node) =>
        new(node!["method"]!.GetValue<string>(), node["type"]!.GetValue<string>(), node["payload"]?.DeepClone());

    private static string? Status(JsonObject result) => result["status"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static JsonObject Copy(JsonObject o) => o.DeepClone().AsObject();
}
