using System.Text.Json;

namespace Omk.Events;

/// <summary>
/// Strings that repeat from line to line in one log (its run id, a handful of actors), kept by one reader so
/// that each is decoded and validated once instead of once per line. Not thread-safe: one per read.
/// </summary>
internal sealed class EventLineCache
{
    private const int MaxActors = 32;

    private byte[]? _runIdUtf8;
    private RunId _runId;
    private readonly List<(byte[] Utf8, string Value)> _actors = [];

    public bool TryGetRunId(ref Utf8JsonReader reader, out RunId runId)
    {
        runId = _runId;
        return _runIdUtf8 is not null && !reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.SequenceEqual(_runIdUtf8);
    }

    public void RememberRunId(ref Utf8JsonReader reader, RunId runId)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            _runIdUtf8 = reader.ValueSpan.ToArray();
            _runId = runId;
        }
    }

    public string? Actor(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return reader.GetString();
        }

        var utf8 = reader.ValueSpan;
        foreach (var (bytes, value) in _actors)
        {
            if (utf8.SequenceEqual(bytes))
            {
                return value;
            }
        }

        var actor = reader.GetString();
        if (actor is not null && _actors.Count < MaxActors)
        {
            _actors.Add((utf8.ToArray(), actor));
        }

        return actor;
    }
}
