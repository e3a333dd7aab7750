using System.Text.Json;

namespace Omk.Events;

public static partial class EventLine
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>
    /// Parses one line (without its newline). Never throws: returns the reason a line is not an event.
    /// </summary>
    public static LineStatus TryParse(ReadOnlySpan<byte> line, out Event? result) => TryParse(line, cache: null, out result);

    /// <summary>As <see cref="TryParse(ReadOnlySpan{byte}, out Event?)"/>, reusing the run id and actor strings of earlier lines.</summary>
    internal static LineStatus TryParse(ReadOnlySpan<byte> line, EventLineCache? cache, out Event? result)
    {
        result = null;
        line = Trim(line);
        if (line.IsEmpty)
        {
            return LineStatus.Blank;
        }

        // Invalid UTF-8 inside a string would pass the reader's token checks and fail later, when the payload is read.
        if (line[0] != (byte)'{' || !System.Text.Unicode.Utf8.IsValid(line))
        {
            return LineStatus.Malformed;
        }

        try
        {
            var reader = new Utf8JsonReader(line, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return LineStatus.Malformed;
            }

            Guid? id = null;
            RunId? runId = null;
            EventKind? kind = null;
            string? actor = null;
            DateTimeOffset? ts = null;
            int schema = EventSchema.Version;
            var schemaKnown = true; // schema_version absent or a number
            var invalid = false;    // a v1 envelope field has the wrong type or value
            var unknownKind = false;
            int payloadStart = -1, payloadEnd = -1;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    return LineStatus.Malformed;
                }

                // A field of the wrong type does not end the parse: a newer schema_version may come later in the
                // object, and a newer envelope may have changed the field (then the line is unsupported, not malformed).
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out var g))
                    {
                        id = g;
                    }
                    else
                    {
                        invalid = true;
                    }
                }
                else if (reader.ValueTextEquals("run_id"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String && ReadRunId(ref reader, cache) is { } run)
                    {
                        runId = run;
                    }
                    else
                    {
                        invalid = true;
                    }
                }
                else if (reader.ValueTextEquals("ts"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var t))
                    {
                        ts = t;
                    }
                    else
                    {
                        invalid = true;
                    }
                }
                else if (reader.ValueTextEquals("schema_version"u8))
                {
                    reader.Read();
                    schemaKnown = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out schema);
                }
                else if (reader.ValueTextEquals("kind"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        invalid = true;
                    }
                    else if (ReadKind(ref reader) is { } k)
                    {
                        kind = k;
                        unknownKind = false;
                    }
                    else
                    {
                        unknownKind = true;
                    }
                }
                else if (reader.ValueTextEquals("actor"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        actor = cache is null ? reader.GetString() : cache.Actor(ref reader);
                    }
                    else if (reader.TokenType == JsonTokenType.Null)
                    {
                        actor = null;
                    }
                    else
                    {
                        invalid = true;
                    }
                }
                else if (reader.ValueTextEquals("payload"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        payloadStart = payloadEnd = -1;
                    }
                    else
                    {
                        // Validated here, token by token; parsed into a document only when someone looks at it.
                        payloadStart = (int)reader.TokenStartIndex;
                        reader.Skip();
                        payloadEnd = (int)reader.BytesConsumed;
                    }

                    continue;
                }
                else
                {
                    reader.Read();
                }

                reader.Skip(); // past an object or array value; a no-op for other tokens
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.BytesConsumed != line.Length || !schemaKnown)
            {
                return LineStatus.Malformed;
            }

            // Classify by schema first: a newer envelope may legitimately lack or retype v1 fields.
            if (schema > EventSchema.Version || schema < 1)
            {
                return kind == EventKind.RunFailed ? LineStatus.UnsupportedSchemaRunFailed : LineStatus.UnsupportedSchema;
            }

            if (invalid || id is null || runId is null || ts is null || (kind is null && !unknownKind))
            {
                return LineStatus.Malformed;
            }

            if (unknownKind || kind is not { } eventKind)
            {
                return LineStatus.UnknownKind;
            }

            result = payloadStart < 0
                ? new Event(new EventId(id.Value), runId.Value, ts.Value, eventKind, actor, null, schema)
                : Event.WithUnparsedPayload(new EventId(id.Value), runId.Value, ts.Value, eventKind, actor, line[payloadStart..payloadEnd].ToArray(), schema);
            return LineStatus.Event;
        }
        catch (JsonException)
        {
            return LineStatus.Malformed;
        }
        catch (InvalidOperationException)
        {
            return LineStatus.Malformed;
        }
    }

    private static EventKind? ReadKind(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return EventKind.TryParseUtf8(reader.ValueSpan, out var kind) ? kind : null;
        }

        return EventKind.TryParse(reader.GetString(), out var k) ? k : null;
    }

    private static RunId? ReadRunId(ref Utf8JsonReader reader, EventLineCache? cache)
    {
        if (cache is not null && cache.TryGetRunId(ref reader, out var cached))
        {
            return cached;
        }

        var value = reader.GetString();
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        RunId run;
        try
        {
            run = new RunId(value);
        }
        catch (ArgumentException)
        {
            return null;
        }

        cache?.RememberRunId(ref reader, run);
        return run;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> span)
    {
        var start = 0;
        while (start < span.Length && IsSpace(span[start]))
        {
            start++;
        }

        var end = span.Length;
        while (end > start && IsSpace(span[end - 1]))
        {
            end--;
        }

        return span[start..end];

        static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF;
    }
}
