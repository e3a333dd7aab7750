using System.Text.Json;

namespace Omk.Agents.Wire;

/// <summary>
/// Turns each Wire <c>event</c> (spec §1.5) into updates; nothing is dropped:
/// <list type="bullet">
/// <item><c>ContentPart</c>: text → <see cref="AgentMessageChunk"/>, think → <see cref="AgentThoughtChunk"/>, any
/// other part (image, audio, video, unknown) → <see cref="AgentNote"/> "ContentPart".</item>
/// <item><c>ToolCall</c>, <c>ToolCallPart</c>, <c>ToolResult</c> → <see cref="AgentToolCall"/> (pending while the
/// arguments stream, then completed or failed); a part with no call before it → note.</item>
/// <item><c>StatusUpdate</c> → note "StatusUpdate" (context fill, plan mode, MCP status), plus
/// <see cref="AgentUsage"/> when <c>token_usage</c> is not null.</item>
/// <item><c>SubagentEvent</c> → note "SubagentEvent/&lt;nested type&gt;" (the whole payload: parent tool call, agent id
/// and the nested event), plus <see cref="AgentUsage"/> for a nested StatusUpdate's tokens, however deep.</item>
/// <item>every other type, known (TurnBegin, StepBegin, Compaction*, Notification, PlanDisplay, Hook*, Btw*, …) or
/// not → note with its type and raw payload, unknown fields included.</item>
/// </list>
/// </summary>
internal sealed class WireEventTranslator
{
    public WireToolCalls ToolCalls { get; } = new();

    public void Translate(string type, JsonElement payload, List<AgentUpdate> updates)
    {
        switch (type)
        {
            case "ContentPart":
                updates.Add(WireJson.String(payload, "type") switch
                {
                    "text" => new AgentMessageChunk(WireJson.String(payload, "text") ?? string.Empty),
                    "think" => new AgentThoughtChunk(WireJson.String(payload, "think") ?? string.Empty),
                    _ => new AgentNote(type, payload),
                });
                break;
            case "ToolCall":
                updates.Add(ToolCalls.Started(payload));
                break;
            case "ToolCallPart":
                updates.Add((AgentUpdate?)ToolCalls.Part(payload) ?? new AgentNote(type, payload));
                break;
            case "ToolResult":
                updates.Add(ToolCalls.Finished(payload));
                break;
            case "StatusUpdate":
                updates.Add(new AgentNote(type, payload));
                if (WireJson.Usage(payload) is { } usage)
                {
                    updates.Add(new AgentUsage(usage));
                }

                break;
            case "SubagentEvent":
                var (nestedType, usageOfNested) = Unwrap(payload);
                updates.Add(new AgentNote($"{type}/{nestedType}", payload));
                if (usageOfNested is not null)
                {
                    updates.Add(new AgentUsage(usageOfNested));
                }

                break;
            default:
                updates.Add(new AgentNote(type, payload));
                break;
        }
    }

    /// <summary>The nested event's type (a chain for subagents of subagents) and its token usage, if it reports some.</summary>
    private static (string Type, TokenUsage? Usage) Unwrap(JsonElement payload)
    {
        var nested = WireJson.Property(payload, "event");
        var type = WireJson.String(nested, "type") ?? "unknown";
        var inner = WireJson.Property(nested, "payload");
        return type switch
        {
            "StatusUpdate" => (type, WireJson.Usage(inner)),
            "SubagentEvent" => Deeper(Unwrap(inner)),
            _ => (type, null),
        };

        static (string, TokenUsage?) Deeper((string Type, TokenUsage? Usage) nested) => ("SubagentEvent/" + nested.Type, nested.Usage);
    }
}
