namespace Omk.Events;

/// <summary>
/// Reads an event log as a stream. Never throws on content: a missing file is empty; blank lines, CRLF,
/// surrounding whitespace, a torn last line, malformed JSON, unknown kinds and newer schemas are skipped
/// and counted in <see cref="EventReadStats"/>. Memory stays bounded by the longest line.
/// </summary>
public static class EventReader
{
    private const int ChunkSize = 128 * 1024;

    /// <summary>The log of a run directory: <c>events.jsonl</c>, or the legacy <c>event-log.jsonl</c> if only it exists.</summary>
    public static string LogPathIn(string runDirectory)
    {
        var current = Path.Combine(runDirectory, EventSchema.FileName);
        if (File.Exists(current))
        {
            return current;
        }

        var legacy = Path.Combine(runDirectory, EventSchema.LegacyFileName);
        return File.Exists(legacy) ? legacy : current;
    }

    /// <summary>Streams the events of <paramref name="path"/> that match <paramref name="filter"/>.</summary>
    public static IEnumerable<Event> Read(string path, EventReadStats? stats = null, EventFilter? filter = null)
    {
        stats ??= new EventReadStats();
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }
        catch (FileNotFoundException)
        {
            yield break;
        }
        catch (DirectoryNotFoundException)
        {
            yield break;
        }

        using (stream)
        {
            var cache = new EventLineCache();
            var buffer = new byte[ChunkSize];
            var start = 0; // start of the unconsumed data
            var end = 0;   // end of valid data
            var eof = false;
            while (true)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
                if (newline < 0)
                {
                    if (eof)
                    {
                        if (end > start)
                        {
                            var last = ParseLine(buffer, start, end - start, cache, stats, torn: true);
                            if (last is not null && (filter is null || filter.Matches(last)))
                            {
                                yield return last;
                            }
                        }

                        yield break;
                    }

                    // Make room: move the partial line to the front, grow if one line fills the buffer.
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    else if (end == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    var read = stream.Read(buffer, end, buffer.Length - end);
                    if (read == 0)
                    {
                        eof = true;
                    }

                    end += read;
                    continue;
                }

                var e = ParseLine(buffer, start, newline - start, cache, stats, torn: false);
                start = newline + 1;
                if (e is not null && (filter is null || filter.Matches(e)))
                {
                    yield return e;
                }
            }
        }
    }

    /// <summary>Reads the whole log into memory.</summary>
    public static (IReadOnlyList<Event> Events, EventReadStats Stats) ReadAll(string path, EventFilter? filter = null)
    {
        var stats = new EventReadStats();
        var events = Read(path, stats, filter).ToList();
        return (events, stats);
    }

    /// <summary>Counts by kind, first and last timestamps and skipped lines, streaming.</summary>
    public static EventLogSummary Summarize(string path, EventFilter? filter = null)
    {
        var stats = new EventReadStats();
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        DateTimeOffset? first = null, last = null;
        long total = 0;
        foreach (var e in Read(path, stats, filter))
        {
            total++;
            counts[e.Kind.Value] = counts.TryGetValue(e.Kind.Value, out var n) ? n + 1 : 1;
            if (first is null || e.Ts < first)
            {
                first = e.Ts;
            }

            if (last is null || e.Ts > last)
            {
                last = e.Ts;
            }
        }

        return new EventLogSummary(total, counts, first, last, stats);
    }

    private static Event? ParseLine(byte[] buffer, int offset, int count, EventLineCache cache, EventReadStats stats, bool torn)
    {
        var status = EventLine.TryParse(buffer.AsSpan(offset, count), cache, out var e);
        stats.Count(status, torn);
        return e;
    }
}
