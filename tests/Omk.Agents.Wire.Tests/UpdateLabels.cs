using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omk.Agents.Wire.Tests;

/// <summary>
/// Labels for counting "messages in = updates out, by type", written from the spec's event table: what each message
/// the agent sent must become (a ContentPart text → "text", a StatusUpdate → "note:StatusUpdate" and, with tokens,
/// "usage", a request → "note:&lt;type&gt;", …).
/// </summary>
internal static class UpdateLabels
{
    /// <summary>Notes the driver makes itself (not from an agent message).</summary>
    public static readonly HashSet<string> DriverNotes = ["malformed", "initialize_unsupported", "cancel_rejected", "steer_rejected"];

    public static string Of(AgentUpdate update) => update switch
    {
        AgentMessageChunk => "text",
        AgentThoughtChunk => "think",
        AgentToolCall => "tool",
        AgentUsage => "usage",
        AgentPlan => "plan",
        AgentNote note => "note:" + note.Type,
        _ => update.GetType().Name,
    };

    /// <summary>The labels of the updates the driver made from agent messages, sorted.</summary>
    public static List<string> Actual(IEnumerable<AgentUpdate> updates) =>
        updates.Where(u => u is not AgentNote n || !DriverNotes.Contains(n.Type)).Select(Of).Order(StringComparer.Ordinal).ToList();

    /// <summary>The labels the messages the agent sent (events and requests, from the transcript) must produce, sorted.</summary>
    public static List<string> Expected(IEnumerable<JsonObject> fromAgent)
    {
        var labels = new List<string>();
        var sawToolCall = false;
        foreach (var message in fromAgent)
        {
            var method = message["method"]?.GetValue<string>();
            var type = message["params"]?["type"]?.GetValue<string>() ?? "?";
            var payload = message["params"]?["payload"];
            if (method == "request")
            {
                labels.Add("note:" + type);
                continue;
            }

            if (method != "event")
            {
                continue; // responses to our requests
            }

            switch (type)
            {
                case "ContentPart":
                    labels.Add(payload?["type"]?.GetValue<string>() switch { "text" => "text", "think" => "think", _ => "note:ContentPart" });
                    break;
                case "ToolCall":
                    sawToolCall = true;
                    labels.Add("tool");
                    break;
                case "ToolCallPart":
                    labels.Add(sawToolCall ? "tool" : "note:ToolCallPart");
                    break;
                case "ToolResult":
                    labels.Add("tool");
                    break;
                case "StatusUpdate":
                    labels.Add("note:StatusUpdate");
                    if (payload?["token_usage"] is JsonObject)
                    {
                        labels.Add("usage");
                    }

                    break;
                case "SubagentEvent":
                    var chain = type;
                    var nested = payload?["event"];
                    while (true)
                    {
                        var nestedType = nested?["type"]?.GetValue<string>() ?? "unknown";
                        chain += "/" + nestedType;
                        if (nestedType != "SubagentEvent")
                        {
                            break;
                        }

                        nested = nested?["payload"]?["event"];
                    }

                    labels.Add("note:" + chain);
                    if (nested?["type"]?.GetValue<string>() == "StatusUpdate" && nested["payload"]?["token_usage"] is JsonObject)
                    {
                        labels.Add("usage");
                    }

                    break;
                default:
                    labels.Add("note:" + type);
                    break;
            }
        }

        labels.Sort(StringComparer.Ordinal);
        return labels;
    }

    /// <summary>True when the note kept the payload exactly (every field, unknown ones included).</summary>
    public static bool SameJson(JsonElement raw, JsonNode? payload) =>
        JsonNode.DeepEquals(JsonNode.Parse(raw.GetRawText()), payload);
}
