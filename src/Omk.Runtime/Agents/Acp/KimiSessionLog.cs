using System.Text.Json;

namespace Omk.Agents.Acp;

/// <summary>
/// Tails Kimi Code's own session log: <c>&lt;sessions&gt;/&lt;workspace&gt;/&lt;session id&gt;/agents/&lt;agent&gt;/wire.jsonl</c>,
/// one file for the main agent and one per subagent. Only two record types matter here: <c>usage.record</c>
/// (tokens of one model call, in every agent's file) and <c>turn.ended</c> (in the main agent's file; reason
/// <c>completed|cancelled|failed|blocked</c>, with the provider's error when it failed). Lines are read once each,
/// from where the previous read stopped; a line still being written is left for the next read.
/// </summary>
internal sealed class KimiSessionLog(string sessionsDirectory, string sessionId, bool resumed = false)
{
    private static readonly byte[] UsageMarker = "\"usage.record\""u8.ToArray();
    private static readonly byte[] TurnEndedMarker = "\"turn.ended\""u8.ToArray();
    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);
    private string? _sessionDirectory;
    private bool _turnBegun = resumed;

    /// <summary>The session's directory once found.</summary>
    public string? SessionDirectory => _sessionDirectory;

    public string SearchedFor => Path.Combine(sessionsDirectory, "*", sessionId, "agents", "*", "wire.jsonl");

    /// <summary>
    /// Skips everything already in the logs: what a new turn reads starts here. The first turn of a new session reads
    /// from the start (before it the log holds only the session's setup, no usage and no turn end), which keeps the
    /// directory scan off the path between the prompt and the agent; a resumed session's log holds earlier turns.
    /// </summary>
    public void BeginTurn()
    {
        if (!_turnBegun)
        {
            _turnBegun = true;
            return;
        }

        foreach (var file in Files())
        {
            _offsets[file] = new FileInfo(file).Length;
        }
    }

    /// <summary>Usage records and turn ends appended since the last read.</summary>
    public IReadOnlyList<KimiLogEntry> ReadNew()
    {
        var entries = new List<KimiLogEntry>();
        foreach (var file in Files())
        {
            var main = string.Equals(Path.GetFileName(Path.GetDirectoryName(file)), "main", StringComparison.Ordinal);
            _offsets.TryGetValue(file, out var offset);
            _offsets[file] = offset + ReadLines(file, offset, main, entries);
        }

        return entries;
    }

    private IEnumerable<string> Files()
    {
        _sessionDirectory ??= Locate();
        if (_sessionDirectory is null)
        {
            return [];
        }

        var agents = Path.Combine(_sessionDirectory, "agents");
        if (!Directory.Exists(agents))
        {
            return [];
        }

        return Directory.EnumerateDirectories(agents)
            .Select(d => Path.Combine(d, "wire.jsonl"))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private string? Locate()
    {
        if (!Directory.Exists(sessionsDirectory))
        {
            return null;
        }

        try
        {
            return Directory.EnumerateDirectories(sessionsDirectory)
                .Select(workspace => Path.Combine(workspace, sessionId))
                .FirstOrDefault(Directory.Exists);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Reads whole lines from <paramref name="offset"/>; returns how many bytes were consumed.</summary>
    private static long ReadLines(string file, long offset, bool main, List<KimiLogEntry> entries)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length <= offset)
            {
                return 0;
            }

            stream.Seek(offset, SeekOrigin.Begin);
            bytes = new byte[stream.Length - offset];
            stream.ReadExactly(bytes);
        }
        catch (IOException)
        {
            return 0;
        }

        var consumed = bytes.AsSpan().LastIndexOf((byte)'\n') + 1;
        var rest = bytes.AsMemory(0, consumed);
        while (!rest.IsEmpty)
        {
            var end = rest.Span.IndexOf((byte)'\n');
            var line = rest[..end];
            rest = rest[(end + 1)..];
            if (line.Span.IndexOf(UsageMarker) >= 0 || (main && line.Span.IndexOf(TurnEndedMarker) >= 0))
            {
                Parse(line, main, entries);
            }
        }

        return consumed;
    }

    private static void Parse(ReadOnlyMemory<byte> line, bool main, List<KimiLogEntry> entries)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type))
            {
                return;
            }

            var agent = String(root, "agentId") ?? "main";
            if (type.ValueEquals("usage.record") && root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                entries.Add(new KimiUsageEntry(agent, new TokenUsage(
                    Number(usage, "inputOther"), Number(usage, "output"), Number(usage, "inputCacheRead"), Number(usage, "inputCacheCreation"))));
            }
            else if (main && type.ValueEquals("turn.ended"))
            {
                var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
                entries.Add(new KimiTurnEnded(
                    String(root, "reason") ?? "unknown",
                    error.ValueKind == JsonValueKind.Object ? String(error, "code") : null,
                    error.ValueKind == JsonValueKind.Object ? String(error, "message") : null));
            }
        }
        catch (JsonException)
        {
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : 0;
}

/// <summary>Something the Kimi session log said.</summary>
internal abstract record KimiLogEntry;

/// <summary>Tokens of one model call by <paramref name="AgentId"/> (<c>main</c>, or a subagent).</summary>
internal sealed record KimiUsageEntry(string AgentId, TokenUsage Usage) : KimiLogEntry;

/// <summary>The main agent's turn ended: <c>completed</c>, <c>cancelled</c>, <c>failed</c> or <c>blocked</c>.</summary>
internal sealed record KimiTurnEnded(string Reason, string? ErrorCode, string? ErrorMessage) : KimiLogEntry;
