using System.Text;
using System.Text.Json;
using Omk.Storage;

namespace Omk.Agents.Protocol;

/// <summary>
/// Every protocol line of one agent, redacted, in <c>agents/&lt;worker&gt;/transcript.jsonl</c>:
/// <c>{"ts":…,"dir":"to_agent"|"from_agent"|"stderr"|"note","line":&lt;the message, or the text when it is not JSON&gt;}</c>.
/// Appended and flushed line by line, so a crash loses nothing already exchanged.
/// </summary>
public sealed class AgentTranscript : IDisposable
{
    private readonly FileStream _file;
    private readonly SecretRedactor _redactor;
    private readonly TimeProvider _time;
    private readonly object _lock = new();

    public AgentTranscript(string path, SecretRedactor redactor, TimeProvider time)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        Path = path;
        _redactor = redactor;
        _time = time;
    }

    public string Path { get; }

    public long Lines { get; private set; }

    public void Record(string direction, string line)
    {
        var redacted = _redactor.Redact(line);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonFileOptions.Writer(indented: false)))
        {
            json.WriteStartObject();
            json.WriteString("ts", UtcTimestampJsonConverter.Format(_time.GetUtcNow()));
            json.WriteString("dir", direction);
            json.WritePropertyName("line");
            if (!TryWriteRaw(json, redacted))
            {
                json.WriteStringValue(redacted);
            }

            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        lock (_lock)
        {
            _file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            _file.Flush();
            Lines++;
        }
    }

    private static bool TryWriteRaw(Utf8JsonWriter json, string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty || trimmed[0] is not ('{' or '['))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(text));
            document.RootElement.WriteTo(json);
            return true;
        }
        catch (JsonException)
        {
            return false;
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
