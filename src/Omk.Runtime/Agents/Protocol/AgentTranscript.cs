using System.Text;
using System.Text.Json;
using Omk.Storage;

namespace Omk.Agents.Protocol;

/// <summary>
/// Every protocol line of one agent, redacted, in <c>agents/&lt;worker&gt;/transcript.jsonl</c>:
/// <c>{"ts":…,"dir":"to_agent"|"from_agent"|"stderr"|"note","line":&lt;the message, or the text when it is not JSON&gt;}</c>.
/// Appended and flushed line by line, so a crash loses nothing already exchanged. A JSON line is redacted value by
/// value (each string by its field's name, as the event log does), so it stays valid JSON: redacting its text would
/// mask counts such as <c>"max_context_tokens":262144</c> and break the line. Other lines are redacted as text.
/// The transcript is capped (<see cref="DefaultLimitBytes"/> by default): past the cap one <c>note</c> line says so and
/// further lines are counted, not written, so a chatty or hostile agent cannot fill the disk.
/// </summary>
public sealed class AgentTranscript : IDisposable
{
    private readonly FileStream _file;
    private readonly SecretRedactor _redactor;
    private readonly TimeProvider _time;
    private readonly object _lock = new();
    private readonly long _limitBytes;
    private long _written;

    /// <summary>256 MiB.</summary>
    public const long DefaultLimitBytes = 256L * 1024 * 1024;

    public AgentTranscript(string path, SecretRedactor redactor, TimeProvider time, long limitBytes = DefaultLimitBytes)
    {
        _limitBytes = limitBytes;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        Path = path;
        _redactor = redactor;
        _time = time;
    }

    public string Path { get; }

    public long Lines { get; private set; }

    /// <summary>Lines not written because the transcript reached its cap.</summary>
    public long DroppedLines { get; private set; }

    public void Record(string direction, string line)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonFileOptions.Writer(indented: false)))
        {
            json.WriteStartObject();
            json.WriteString("ts", UtcTimestampJsonConverter.Format(_time.GetUtcNow()));
            json.WriteString("dir", direction);
            json.WritePropertyName("line");
            if (!TryWriteRedactedJson(json, line))
            {
                json.WriteStringValue(_redactor.Redact(line));
            }

            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        lock (_lock)
        {
            if (_written + buffer.Length > _limitBytes)
            {
                if (DroppedLines++ == 0)
                {
                    var note = Encoding.UTF8.GetBytes(
                        $"{{\"ts\":\"{UtcTimestampJsonConverter.Format(_time.GetUtcNow())}\",\"dir\":\"note\",\"line\":\"transcript cap of {_limitBytes} bytes reached; later lines are not recorded\"}}\n");
                    _file.Write(note);
                    _file.Flush();
                }

                return;
            }

            _file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            _file.Flush();
            _written += buffer.Length;
            Lines++;
        }
    }

    private bool TryWriteRedactedJson(Utf8JsonWriter json, string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty || trimmed[0] is not ('{' or '['))
        {
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            WriteRedacted(json, document.RootElement, name: null);
        }

        return true;
    }

    private void WriteRedacted(Utf8JsonWriter json, JsonElement element, string? name)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                json.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    json.WritePropertyName(_redactor.Redact(property.Name));
                    WriteRedacted(json, property.Value, property.Name);
                }

                json.WriteEndObject();
                break;
            case JsonValueKind.Array:
                json.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteRedacted(json, item, name);
                }

                json.WriteEndArray();
                break;
            case JsonValueKind.String:
                var value = element.GetString()!;
                json.WriteStringValue(name is null ? _redactor.Redact(value) : _redactor.Redact(name, value));
                break;
            default:
                element.WriteTo(json);
                break;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _file.Dispose();
        }
    }
}
