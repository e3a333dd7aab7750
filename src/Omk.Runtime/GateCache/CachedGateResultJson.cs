using System.Text.Json;
using Omk.Events;

namespace Omk.GateCache;

/// <summary>
/// A cache entry's JSON written and read field by field: the same bytes and records as <see cref="GateCacheJsonContext"/>
/// (its default escaping, the serializer's own timestamp format), without building the serializer's metadata in every
/// <c>omk proof</c> that stores or reuses a result. Reading falls back to the generated serializer whenever the text is
/// not exactly the shape it knows. CachedGateResultJsonTests hold the two equal.
/// </summary>
internal static class CachedGateResultJson
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true };

    public static byte[] Write(CachedGateResult entry) => EventPayloadWriter.Build(entry, static (w, e) =>
    {
        EventPayloadWriter.Str(w, "input_key"u8, e.InputKey);
        EventPayloadWriter.Str(w, "run"u8, e.Run);
        EventPayloadWriter.Str(w, "gate"u8, e.Gate);
        w.WriteString("recorded_at"u8, e.RecordedAt);
        if (e.Result is not null)
        {
            w.WritePropertyName("result"u8);
            w.WriteStartObject();
            EventPayloadWriter.GateResult(w, e.Result);
            w.WriteEndObject();
        }

        EventPayloadWriter.Str(w, "log_sha256"u8, e.LogSha256);
        EventPayloadWriter.Num(w, "log_bytes"u8, e.LogBytes);
    }, Options);

    /// <summary>The entry, or null when the text is not the shape this reader knows (then ask the generated serializer).</summary>
    public static CachedGateResult? TryRead(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var j = new Utf8JsonReader(utf8);
            if (!j.Read() || j.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? key = null, run = null, gate = null, sha = null;
            DateTimeOffset recordedAt = default;
            Events.Payloads.GateResultPayload? result = null;
            long? bytes = null;
            while (EventPayloadReader.NextProperty(ref j))
            {
                var ok = j.ValueTextEquals("input_key"u8) ? EventPayloadReader.Str(ref j, out key)
                    : j.ValueTextEquals("run"u8) ? EventPayloadReader.Str(ref j, out run)
                    : j.ValueTextEquals("gate"u8) ? EventPayloadReader.Str(ref j, out gate)
                    : j.ValueTextEquals("recorded_at"u8) ? j.Read() && j.TokenType == JsonTokenType.String && j.TryGetDateTimeOffset(out recordedAt)
                    : j.ValueTextEquals("result"u8) ? EventPayloadReader.Object(ref j, EventPayloadReader.ReadGateResult, out result)
                    : j.ValueTextEquals("log_sha256"u8) ? EventPayloadReader.Str(ref j, out sha)
                    : j.ValueTextEquals("log_bytes"u8) ? EventPayloadReader.Long(ref j, out bytes)
                    : EventPayloadReader.Unknown(ref j);
                if (!ok)
                {
                    return null;
                }
            }

            return j.Read() ? null : new CachedGateResult(key!, run!, gate!, recordedAt, result!, sha, bytes);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
