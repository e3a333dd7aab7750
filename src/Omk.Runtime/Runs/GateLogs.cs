using System.Text.Json;

namespace Omk.Runs;

/// <summary>The gate logs of a run (<c>gates/NN-&lt;name&gt;.log</c>) and which one a user most likely wants.</summary>
public static class GateLogs
{
    /// <summary>One gate's log: the gate's name (as written in the file name) and the absolute path.</summary>
    public sealed record Entry(string Gate, string Path);

    /// <summary>Every gate log of the run, in gate order.</summary>
    public static IReadOnlyList<Entry> List(RunDirectory run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!Directory.Exists(run.GatesDirectory))
        {
            return [];
        }

        return Directory.EnumerateFiles(run.GatesDirectory, "*.log")
            .Order(StringComparer.Ordinal)
            .Select(p => new Entry(GateOf(System.IO.Path.GetFileNameWithoutExtension(p)), p))
            .ToList();
    }

    /// <summary>
    /// The log of <paramref name="gate"/> (by name), or without a name the first failed gate's (from proof.json),
    /// else the last gate's. Null when there is no such log.
    /// </summary>
    public static Entry? Find(RunDirectory run, string? gate)
    {
        var logs = List(run);
        if (gate is not null)
        {
            var safe = RunDirectory.FileSafe(gate);
            return logs.FirstOrDefault(l => l.Gate == safe);
        }

        return FirstFailed(run) is { } failed && logs.FirstOrDefault(l => l.Path == failed) is { } found ? found : logs.LastOrDefault();
    }

    /// <summary>The last <paramref name="count"/> lines of a log (all of it when null).</summary>
    public static IReadOnlyList<string> Tail(string path, int? count)
    {
        var lines = File.ReadAllLines(path);
        return count is { } n && n < lines.Length ? lines[^n..] : lines;
    }

    private static string GateOf(string fileStem)
    {
        var dash = fileStem.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && fileStem[..dash].All(char.IsAsciiDigit) ? fileStem[(dash + 1)..] : fileStem;
    }

    private static string? FirstFailed(RunDirectory run)
    {
        try
        {
            using var proof = JsonDocument.Parse(File.ReadAllBytes(run.ProofJsonPath));
            foreach (var g in proof.RootElement.GetProperty("gates").EnumerateArray())
            {
                if (g.TryGetProperty("status", out var s) && s.GetString() == "failed"
                    && g.TryGetProperty("evidence", out var e) && e.TryGetProperty("output_path", out var o) && o.GetString() is { } relative)
                {
                    return run.Resolve(relative);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or JsonException or KeyNotFoundException or InvalidOperationException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
