using System.Text.Json.Nodes;

namespace Omk.WireDouble;

/// <summary>
/// Puts real values where the recordings have normalized ones: <c>&lt;uuid&gt;</c> (a request's own id, the
/// <c>request_id</c> that refers back to it, or the session's id), <c>&lt;work_dir&gt;</c>, <c>&lt;home_dir&gt;</c>
/// and <c>&lt;VERSION&gt;</c>.
/// </summary>
internal sealed class Placeholders(string workDirectory, string homeDirectory)
{
    public const string Uuid = "<uuid>";
    public const string Version = "0.0.0-wiredouble";

    public string SessionId { get; } = Guid.NewGuid().ToString();

    /// <summary>The id given to the last request sent; an event's <c>request_id</c> of <c>&lt;uuid&gt;</c> refers to it.</summary>
    public string? LastRequestId { get; set; }

    public static string NewId() => Guid.NewGuid().ToString();

    /// <summary>A copy of <paramref name="node"/> with every placeholder replaced.</summary>
    public JsonNode? Resolve(JsonNode? node) => node switch
    {
        JsonObject o => ResolveObject(o),
        JsonArray a => new JsonArray(a.Select(Resolve).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(ResolveText(s, propertyName: null)),
        null => null,
        _ => node.DeepClone(),
    };

    private JsonObject ResolveObject(JsonObject o)
    {
        var copy = new JsonObject();
        foreach (var (name, value) in o)
        {
            copy[name] = value is JsonValue v && v.TryGetValue<string>(out var s) ? JsonValue.Create(ResolveText(s, name)) : Resolve(value);
        }

        return copy;
    }

    private string ResolveText(string text, string? propertyName)
    {
        if (text == Uuid)
        {
            return propertyName == "request_id" ? LastRequestId ?? SessionId : SessionId;
        }

        return text.Contains('<', StringComparison.Ordinal)
            ? text.Replace("<work_dir>", workDirectory, StringComparison.Ordinal)
                .Replace("<home_dir>", homeDirectory, StringComparison.Ordinal)
                .Replace("<VERSION>", Version, StringComparison.Ordinal)
                .Replace(Uuid, SessionId, StringComparison.Ordinal)
            : text;
    }
}
