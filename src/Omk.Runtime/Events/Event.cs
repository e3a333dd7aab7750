using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Omk.Events;

/// <summary>
/// One fact of a run: the envelope <c>{id, run_id, ts, schema_version, kind, actor|null, payload?}</c>.
/// The payload is kept as JSON so that readers preserve fields they do not know.
/// </summary>
public sealed record Event(
    EventId Id,
    RunId RunId,
    DateTimeOffset Ts,
    EventKind Kind,
    string? Actor,
    JsonElement? Payload,
    int SchemaVersion = EventSchema.Version)
{
    /// <summary>The payload deserialized as <typeparamref name="T"/>, or default when there is none or it does not fit.</summary>
    public T? PayloadAs<T>(JsonTypeInfo<T> typeInfo)
    {
        if (Payload is not { ValueKind: JsonValueKind.Object } payload)
        {
            return default;
        }

        try
        {
            return payload.Deserialize(typeInfo);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>A string property of the payload, or null.</summary>
    public string? PayloadString(string property) =>
        Payload is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
}
