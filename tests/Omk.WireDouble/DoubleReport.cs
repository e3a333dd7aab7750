using System.Text.Json.Nodes;

namespace Omk.WireDouble;

/// <summary>
/// What the double saw and checked, one JSON object per line, flushed as it goes (the double may be killed):
/// <c>{"kind":"start"|"initialize"|"prompt"|"answer"|"call"|"turn_end"|"problem"|"exit", …}</c>.
/// Tests read it back to know that every request was answered with the right shape.
/// </summary>
internal sealed class DoubleReport : IDisposable
{
    private readonly StreamWriter? _file;
    private readonly object _lock = new();

    public DoubleReport(string? path)
    {
        if (path is not null)
        {
            _file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        }
    }

    public void Write(string kind, JsonObject? fields = null)
    {
        if (_file is null)
        {
            return;
        }

        var line = new JsonObject { ["kind"] = kind };
        foreach (var (name, value) in fields ?? [])
        {
            line[name] = value?.DeepClone();
        }

        lock (_lock)
        {
            _file.WriteLine(line.ToJsonString());
        }
    }

    public void Problem(string text) => Write("problem", new JsonObject { ["text"] = text });

    public void Dispose()
    {
        lock (_lock)
        {
            _file?.Dispose();
        }
    }
}
