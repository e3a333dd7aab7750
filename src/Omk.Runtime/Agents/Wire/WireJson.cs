using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omk.Agents.Wire;

/// <summary>Small readers over Wire payloads: every field is optional and may be null (spec §1.10).</summary>
internal static class WireJson
{
    /// <summary>A JSON <c>null</c>, for notes about things that had no payload (never a default <see cref="JsonElement"/>).</summary>
    public static JsonElement Null { get; } = Parse("null");

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static JsonElement Element(JsonNode? node) => node is null ? Null : Parse(node.ToJsonString());

    public static JsonElement StringElement(string text) => Element(JsonValue.Create(text));

    /// <summary>The payload itself when it is a value; a missing one (default element) becomes <see cref="Null"/>.</summary>
    public static JsonElement OrNull(JsonElement element) => element.ValueKind == JsonValueKind.Undefined ? Null : element;

    public static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : Null;

    public static string? String(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static bool Bool(JsonElement element, string name) =>
        Property(element, name).ValueKind == JsonValueKind.True;

    public static long Long(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var n) ? n : 0;

    /// <summary>
    /// Wire's <c>TokenUsage {input_other, output, input_cache_read, input_cache_creation}</c>; null when the field is
    /// null or missing ("unchanged" in a StatusUpdate).
    /// </summary>
    public static TokenUsage? Usage(JsonElement statusPayload) =>
        Property(statusPayload, "token_usage") is { ValueKind: JsonValueKind.Object } usage
            ? new TokenUsage(Long(usage, "input_other"), Long(usage, "output"), Long(usage, "input_cache_read"), Long(usage, "input_cache_creation"))
            : null;
}
