using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Omk.Events;

/// <summary>
/// One fact of a run: the envelope <c>{id, run_id, ts, schema_version, kind, actor|null, payload?}</c>.
/// The payload is kept as JSON so that readers preserve fields they do not know. Events read from a log keep
/// their payload as the (validated) UTF-8 text of the line and parse it on first use, so reads that filter or
/// summarize do not pay for payloads they never look at.
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
    private JsonElement? _payload = Payload;
    private ReadOnlyMemory<byte>? _payloadUtf8;
    private JsonDocument? _parsed;

    /// <summary>An event whose payload is the UTF-8 JSON text of a value already validated by the reader.</summary>
    internal static Event WithUnparsedPayload(
        EventId id, RunId runId, DateTimeOffset ts, EventKind kind, string? actor, ReadOnlyMemory<byte> payloadUtf8, int schemaVersion) =>
        new(id, runId, ts, kind, actor, null, schemaVersion) { _payloadUtf8 = payloadUtf8 };

    /// <summary>The payload, or null when the event has none.</summary>
    public JsonElement? Payload
    {
        get => _payloadUtf8 is { } utf8 ? ParsedPayload(utf8) : _payload;
        init
        {
            _payload = value;
            _payloadUtf8 = null;
            _parsed = null;
        }
    }

    /// <summary>The payload deserialized as <typeparamref name="T"/>, or default when there is none or it does not fit.</summary>
    public T? PayloadAs<T>(JsonTypeInfo<T> typeInfo)
    {
        try
        {
            if (_payloadUtf8 is { } utf8 && _parsed is null)
            {
                // Straight from the text of the line: no document in between.
                return utf8.Span[0] == (byte)'{' ? JsonSerializer.Deserialize(utf8.Span, typeInfo) : default;
            }

            return Payload is { ValueKind: JsonValueKind.Object } payload ? payload.Deserialize(typeInfo) : default;
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

    /// <summary>The payload's UTF-8 JSON text when the event was read from a log and the payload is not parsed yet.</summary>
    internal ReadOnlyMemory<byte>? UnparsedPayload => _parsed is null ? _payloadUtf8 : null;

    /// <summary>Equal envelopes and equal payload JSON text.</summary>
    public bool Equals(Event? other) =>
        ReferenceEquals(this, other)
        || (other is not null
            && Id == other.Id
            && RunId == other.RunId
            && Ts == other.Ts
            && Kind == other.Kind
            && string.Equals(Actor, other.Actor, StringComparison.Ordinal)
            && SchemaVersion == other.SchemaVersion
            && PayloadTextEquals(other));

    public override int GetHashCode() => HashCode.Combine(Id, RunId, Ts, Kind, Actor, SchemaVersion);

    private bool PayloadTextEquals(Event other)
    {
        if (_payloadUtf8 is { } mine && other._payloadUtf8 is { } theirs)
        {
            return mine.Span.SequenceEqual(theirs.Span);
        }

        var a = Payload;
        var b = other.Payload;
        return a is null || b is null
            ? a is null && b is null
            : string.Equals(a.Value.GetRawText(), b.Value.GetRawText(), StringComparison.Ordinal);
    }

    private JsonElement ParsedPayload(ReadOnlyMemory<byte> utf8)
    {
        var parsed = _parsed;
        if (parsed is null)
        {
            // The reader validated this text, so parsing cannot fail. Racing threads may both parse; one result wins.
            parsed = JsonDocument.Parse(utf8);
            parsed = Interlocked.CompareExchange(ref _parsed, parsed, null) ?? parsed;
        }

        return parsed.RootElement;
    }
}
