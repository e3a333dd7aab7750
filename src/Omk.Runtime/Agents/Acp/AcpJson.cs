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
}
