using System.Text.Json;

namespace Omk.Agents.Acp;

/// <summary>
/// Turns ACP <c>session/update</c> payloads into <see cref="AgentUpdate"/>s. Tool calls arrive as a
/// <c>tool_call</c> followed by partial <c>tool_call_update</c>s, so their state is merged per tool call id:
/// the tool is the first title seen (Kimi sends the tool's name first, then a description such as
/// "Writing a.txt"), the input is <c>rawInput</c> (or, on the first message, the content text, where Kimi puts
/// the arguments), and the paths come from <c>locations[].path</c> or the input's <c>path</c>. Anything not
/// understood becomes an <see cref="AgentNote"/>, never dropped.
/// </summary>
internal sealed class AcpUpdateTranslator
{
    private readonly Dictionary<string, AgentToolCall> _toolCalls = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    /// <summary>The merged state of a tool call, if it was announced.</summary>
    public AgentToolCall? ToolCall(string toolCallId)
    {
        lock (_lock)
        {
            return _toolCalls.GetValueOrDefault(toolCallId);
        }
    }

    public AgentUpdate Translate(JsonElement update)
    {
        var type = update.ValueKind == JsonValueKind.Object ? AcpJson.String(update, "sessionUpdate") : null;
        switch (type)
        {
            case "agent_message_chunk" when AcpJson.Text(update) is { } text:
                return new AgentMessageChunk(text);
            case "agent_thought_chunk" when AcpJson.Text(update) is { } thought:
                return new AgentThoughtChunk(thought);
            case "tool_call" or "tool_call_update" when AcpJson.String(update, "toolCallId") is { } id:
                return MergeToolCall(id, update, type == "tool_call");
            case "plan":
                return new AgentPlan(update.TryGetProperty("entries", out var entries) ? entries : update);
            default:
                return new AgentNote(type ?? "session/update", update);
        }
    }

    private AgentToolCall MergeToolCall(string id, JsonElement update, bool announced)
    {
        lock (_lock)
        {
            var known = _toolCalls.GetValueOrDefault(id);
            var input = RawInput(update) ?? known?.Input ?? (announced ? AcpJson.ContentText(update) : null);
            var paths = Locations(update);
            if (paths.Count == 0)
            {
                paths = known is { Paths.Count: > 0 } ? known.Paths : InputPaths(input);
            }

            var call = new AgentToolCall(
                id,
                known?.Tool ?? AcpJson.String(update, "title"),
                AcpJson.String(update, "kind") ?? known?.Kind,
                AcpJson.String(update, "status") ?? known?.Status ?? "pending",
                input,
                paths);
            _toolCalls[id] = call;
            return call;
        }
    }

    private static string? RawInput(JsonElement update) =>
        update.TryGetProperty("rawInput", out var raw) ? raw.ValueKind switch
        {
            JsonValueKind.String => raw.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => raw.GetRawText(),
        } : null;

    private static IReadOnlyList<string> Locations(JsonElement update)
    {
        if (!update.TryGetProperty("locations", out var locations) || locations.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return locations.EnumerateArray()
            .Select(l => l.ValueKind == JsonValueKind.Object ? AcpJson.String(l, "path") : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The <c>path</c> (or <c>file_path</c>) of a JSON object input, when it has one.</summary>
    private static IReadOnlyList<string> InputPaths(string? input)
    {
        if (input is null || !input.TrimStart().StartsWith('{'))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(input);
            var root = document.RootElement;
            return new[] { AcpJson.String(root, "path"), AcpJson.String(root, "file_path") }.OfType<string>().ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
