using System.Text.Json;
using Omk.Events;
using Omk.Runs;

namespace Omk.Proofs.Shards;

/// <summary>
/// The last recorded duration of each gate, from the event logs of earlier runs in a state directory (newest run
/// first; a gate skipped or without a duration does not count). What balances the shares of a sharded run.
/// </summary>
public static class GateDurationHistory
{
    /// <summary>How many of the newest runs are read.</summary>
    public const int RunsRead = 30;

    public static IReadOnlyDictionary<string, long> Read(RunStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var durations = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!Directory.Exists(store.RunsDirectory))
        {
            return durations;
        }

        var runs = Directory.EnumerateDirectories(store.RunsDirectory)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .OrderByDescending(d => Path.GetFileName(d), StringComparer.Ordinal)
            .Take(RunsRead);
        foreach (var run in runs)
        {
            var log = EventReader.LogPathIn(run);
            if (!File.Exists(log))
            {
                continue;
            }

            var found = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var e in EventReader.Read(log))
            {
                if ((e.Kind == EventKind.GatePassed || e.Kind == EventKind.GateFailed)
                    && e.Payload is { ValueKind: JsonValueKind.Object } p
                    && e.PayloadString("name") is { } name
                    && !(p.TryGetProperty("skipped", out var skipped) && skipped.ValueKind == JsonValueKind.True)
                    && p.TryGetProperty("duration_ms", out var d) && d.TryGetInt64(out var ms))
                {
                    found[name] = ms; // the run's last attempt
                }
            }

            foreach (var (name, ms) in found)
            {
                durations.TryAdd(name, ms); // a newer run's figure wins
            }
        }

        return durations;
    }
}
