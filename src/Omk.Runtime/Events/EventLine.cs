using System.Buffers;
using System.Text.Json;
using Omk.Storage;

namespace Omk.Events;

/// <summary>One event as one line of JSON: the envelope written field by field, payload strings redacted.</summary>
public static class EventLine
{
    private static readonly JsonWriterOptions WriterOptions = Storage.JsonFileOptions.Writer(indented: false) with { SkipValidation = true };

    /// <summary>Writes the event as UTF-8 JSON followed by '\n'.</summary>
    public static void Write(Event e, IBufferWriter<byte> output, SecretRedactor? redactor = null)
    {
        using (var json = new Utf8JsonWriter(output, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("id"u8, e.Id.Value);
            json.WriteString("run_id"u8, e.RunId.Value);
            json.WriteString("ts"u8, e.Ts.UtcDateTime);
            json.WriteNumber("schema_version"u8, e.SchemaVersion);
            json.WriteString("kind"u8, e.Kind.Value);
            if (e.Actor is null)
            {
                json.WriteNull("actor"u8);
            }
            else
            {
                json.WriteString("actor"u8, e.Actor);
            }

            if (e.Payload is { } payload && payload.ValueKind != JsonValueKind.Undefined)
            {
                json.WritePropertyName("payload"u8);
                WriteRedacted(json, payload, redactor);
            }

            json.WriteEndObject();
        }

        output.Write("\n"u8);
    }

    /// <summary>The event as a JSON line (with the trailing newline), for tests and tools.</summary>
    public static string ToJson(Event e, SecretRedactor? redactor = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(e, buffer, redactor);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The event as it is written to the log: payload strings redacted.</summary>
    public static Event Redacted(Event e, SecretRedactor redactor)
    {
        if (e.Payload is null)
        {
            return e;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteRedacted(json, e.Payload.Value, redactor);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return e with { Payload = document.RootElement.Clone() };
    }

    private static void WriteRedacted(Utf8JsonWriter json, JsonElement element, SecretRedactor? redactor)
    {
        if (redactor is null)
        {
            element.WriteTo(json);
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                json.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    json.WritePropertyName(property.Name);
                    WriteRedacted(json, property.Value, redactor);
                }

                json.WriteEndObject();
                break;
            case JsonValueKind.Array:
                json.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteRedacted(json, item, redactor);
                }

                json.WriteEndArray();
                break;
            case JsonValueKind.String:
                json.WriteStringValue(redactor.Redact(element.GetString()!));
                break;
            default:
                element.WriteTo(json);
                break;
        }
    }

    /// <summary>
    /// Parses one line (without its newline). Never throws: returns the reason a line is not an event.
    /// </summary>
    public static LineStatus TryParse(ReadOnlySpan<byte> line, out Event? result)
    {
        result = null;
        line = Trim(line);
        if (line.IsEmpty)
        {
            return LineStatus.Blank;
        }

        if (line[0] != (byte)'{')
        {
            return LineStatus.Malformed;
        }

        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return LineStatus.Malformed;
            }

            Guid? id = null;
            string? runId = null, kind = null, actor = null;
            DateTimeOffset? ts = null;
            int schema = EventSchema.Version;
            JsonElement? payload = null;
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

                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || !reader.TryGetGuid(out var g))
                    {
                        return LineStatus.Malformed;
                    }

                    id = g;
                }
                else if (reader.ValueTextEquals("run_id"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return LineStatus.Malformed;
                    }

                    runId = reader.GetString();
                }
                else if (reader.ValueTextEquals("ts"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var t))
                    {
                        return LineStatus.Malformed;
                    }

                    ts = t;
                }
                else if (reader.ValueTextEquals("schema_version"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out schema))
                    {
                        return LineStatus.Malformed;
                    }
                }
                else if (reader.ValueTextEquals("kind"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return LineStatus.Malformed;
                    }

                    kind = reader.GetString();
                }
                else if (reader.ValueTextEquals("actor"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        actor = reader.GetString();
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        return LineStatus.Malformed;
                    }
                }
                else if (reader.ValueTextEquals("payload"u8))
                {
                    reader.Read();
                    payload = reader.TokenType == JsonTokenType.Null ? null : JsonElement.ParseValue(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.BytesConsumed != line.Length)
            {
                return LineStatus.Malformed;
            }

            if (id is null || string.IsNullOrEmpty(runId) || ts is null || kind is null)
            {
                return LineStatus.Malformed;
            }

            if (schema > EventSchema.Version || schema < 1)
            {
                return LineStatus.UnsupportedSchema;
            }

            if (!EventKind.TryParse(kind, out var eventKind))
            {
                return LineStatus.UnknownKind;
            }

            RunId run;
            try
            {
                run = new RunId(runId);
            }
            catch (ArgumentException)
            {
                return LineStatus.Malformed;
            }

            result = new Event(new EventId(id.Value), run, ts.Value, eventKind, actor, payload, schema);
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
