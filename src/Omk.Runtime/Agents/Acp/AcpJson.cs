using System.Text;
using System.Text.Json;

namespace Omk.Agents.Acp;

/// <summary>Small readers for ACP payloads, tolerant of missing or oddly typed fields.</summary>
internal static class AcpJson
{
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>The text of a chunk: <c>content:{type:"text",text}</c>.</summary>
    public static string? Text(JsonElement update) =>
        update.ValueKind == JsonValueKind.Object && update.TryGetProperty("content", out var content) && String(content, "type") is "text"
            ? String(content, "text")
            : null;

    /// <summary>
    /// The text of a tool call's <c>content</c> array (<c>[{type:"content",content:{type:"text",text}}]</c>), joined
    /// by newlines; null when there is none.
    /// </summary>
    public static string? ContentText(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var item in content.EnumerateArray())
        {
            var piece = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("content", out var inner) ? String(inner, "text") : null;
            if (piece is not null)
            {
                text.Append(text.Length == 0 ? string.Empty : "\n").Append(piece);
            }
        }

        return text.Length == 0 ? null : text.ToString();
    }

    /// <summary>
    /// The token usage an agent attaches to its <c>session/prompt</c> answer, in the shape of ACP's end-turn usage
    /// (draft RFD, sent by some agents): <c>usage:{inputTokens, outputTokens, cachedReadTokens?, cachedWriteTokens?,
    /// thoughtTokens?, totalTokens}</c>. Reasoning tokens are billed as output, so they are added to it when the agent
    /// counts them apart. Null when absent or empty.
    /// </summary>
    public static TokenUsage? PromptUsage(JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var tokens = new TokenUsage(
            Count(usage, "inputTokens"),
            Count(usage, "outputTokens") + Count(usage, "thoughtTokens"),
            Count(usage, "cachedReadTokens"),
            Count(usage, "cachedWriteTokens"));
        return tokens.Total > 0 ? tokens : null;
    }

    private static long Count(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt64(out var count) && count > 0 ? count : 0;
}
