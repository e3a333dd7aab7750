using System.Buffers;
using System.Text.Json;
using Omk.Storage;

namespace Omk.Events;

/// <summary>One event as one line of JSON: the envelope written field by field, payload strings redacted.</summary>
public static partial class EventLine
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

            if (redactor is null && e.UnparsedPayload is { } utf8)
            {
                // Read from a log and not looked at since: the validated text goes out as it came in.
                json.WritePropertyName("payload"u8);
                json.WriteRawValue(utf8.Span, skipInputValidation: true);
            }
            else if (e.Payload is { } payload && payload.ValueKind != JsonValueKind.Undefined)
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
                    if (property.Value.ValueKind == JsonValueKind.String)
                    {
                        // The name matters: {"password": "..."} is a secret whatever the value looks like.
                        json.WriteStringValue(redactor.Redact(property.Name, property.Value.GetString()!));
                    }
                    else
                    {
                        WriteRedacted(json, property.Value, redactor);
                    }
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
}
