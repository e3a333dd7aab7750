using Omk.Events.Payloads;

namespace Omk.Evidence;

/// <summary>
/// Reads findings from a gate's output as it streams, one line at a time, in bounded memory: diagnostics in
/// MSBuild's canonical format (see <see cref="DiagnosticLine"/>), de-duplicated (MSBuild repeats them in its
/// summary), paths made relative to the repository root, messages redacted, the first <see cref="MaxPerSeverity"/>
/// errors and warnings kept with their true totals; and the last <see cref="TailLines"/> lines of output.
/// Not thread-safe: the process output sink calls it from one thread at a time.
/// </summary>
public sealed class FindingCollector(RepoPath paths, Func<string, string>? redact = null)
{
    public const int MaxPerSeverity = 50;
    public const int TailLines = 20;
    public const int MaxLineLength = 400;
    private const int MaxDistinct = 200_000; // 64-bit keys: a few MB at most; beyond, repeats are counted again

    private readonly List<Finding> _errors = [];
    private readonly List<Finding> _warnings = [];
    private readonly HashSet<long> _seen = [];
    private readonly string[] _tail = new string[TailLines];
    private int _tailNext;
    private long _lines;
    private int _errorCount;
    private int _warningCount;

    /// <summary>Takes one line of output (without its line break).</summary>
    public void Accept(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        _tail[_tailNext] = line.Length > MaxLineLength ? line[..MaxLineLength] : line;
        _tailNext = (_tailNext + 1) % TailLines;
        _lines++;
        if (line.Length > 2 && DiagnosticLine.TryParse(line, out var parts) && IsNew(line))
        {
            Add(parts);
        }
    }

    // Two printings of one diagnostic differ only in indentation, node prefix and the " [project]" suffix: the rest
    // is its identity, kept as a 64-bit hash (no string kept per finding).
    private bool IsNew(string line)
    {
        var key = line.AsSpan().Trim();
        var node = 0;
        while (node < key.Length && char.IsAsciiDigit(key[node]))
        {
            node++;
        }

        if (node > 0 && node < key.Length && key[node] == '>')
        {
            key = key[(node + 1)..].TrimStart();
        }

        if (key.Length > 0 && key[^1] == ']' && key.LastIndexOf(" [") is var open and > 0)
        {
            key = key[..open];
        }

        var hash = ((long)string.GetHashCode(key, StringComparison.Ordinal) << 32) | (uint)Fnv(key);
        return _seen.Count < MaxDistinct ? _seen.Add(hash) : !_seen.Contains(hash);
    }

    private static int Fnv(ReadOnlySpan<char> text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)hash;
    }

    private void Add(DiagnosticLine.Parts parts)
    {
        var error = parts.Severity == "error";
        var list = error ? _errors : _warnings;
        if (error)
        {
            _errorCount++;
        }
        else
        {
            _warningCount++;
        }

        if (list.Count >= MaxPerSeverity)
        {
            return;
        }

        var message = parts.Message.Length > MaxLineLength ? parts.Message[..MaxLineLength] + "…" : parts.Message;
        list.Add(new Finding(
            parts.Severity,
            parts.Code,
            parts.File is null ? null : paths.Relative(parts.File),
            parts.Line,
            parts.Column,
            redact is null ? message : redact(message)));
    }

    /// <summary>The kept findings: errors first, then warnings.</summary>
    public IReadOnlyList<Finding> Findings => [.. _errors, .. _warnings];

    /// <summary>How many distinct errors and warnings were seen.</summary>
    public FindingTotals Totals => new(_errorCount, _warningCount);

    /// <summary>True when more findings were seen than kept.</summary>
    public bool Capped => _errorCount > _errors.Count || _warningCount > _warnings.Count;

    /// <summary>The last lines of output, oldest first, redacted, without trailing empty lines.</summary>
    public IReadOnlyList<string> Tail()
    {
        var count = (int)Math.Min(_lines, TailLines);
        var lines = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var line = _tail[(_tailNext - count + i + TailLines) % TailLines];
            lines.Add(redact is null ? line : redact(line));
        }

        while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[^1]))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }
}
