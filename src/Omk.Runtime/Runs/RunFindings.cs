using System.Globalization;
using Omk.Events;

namespace Omk.Runs;

/// <summary>
/// What a reader of a run must know beyond its events: events appended after the run ended (ignored), a run that
/// crashed (no end, nobody holding its lock) or is still running, and lines written by a newer Omk.
/// </summary>
public static class RunFindings
{
    public static IReadOnlyList<string> Of(RunDirectory run, IReadOnlyList<Event> events, EventReadStats stats)
    {
        var findings = new List<string>();
        if (RunSeal.Describe(RunSeal.LateEvents(events)) is { } late)
        {
            findings.Add(late);
        }

        var ended = events.FirstOrDefault(e => RunSeal.IsTerminal(e.Kind));
        if (ended is null)
        {
            findings.Add(RunLock.IsHeld(run.Path) ? "running: the process writing this run is alive" : Crashed(events));
        }
        else if (!File.Exists(run.ProofJsonPath))
        {
            findings.Add("crashed after the run ended, before its proof was written; 'omk proof show --regenerate' folds the log");
        }

        if (stats.UnsupportedSchemaLines > 0)
        {
            findings.Add(NewerSchema(stats));
        }

        return findings;
    }

    /// <summary>The words for lines of a newer schema, the same everywhere.</summary>
    public static string NewerSchema(EventReadStats stats) => string.Create(
        CultureInfo.InvariantCulture,
        $"{stats.UnsupportedSchemaLines} line(s) written by a newer Omk (event schema above {EventSchema.Version}) could not be read; upgrade omk to read them");

    private static string Crashed(IReadOnlyList<Event> events)
    {
        if (events.Count == 0)
        {
            return "crashed: the process writing this run stopped before recording anything";
        }

        var last = events[^1];
        var started = events.Where(e => e.Kind == EventKind.CommandStarted).Select(e => e.PayloadString("name")).OfType<string>().ToList();
        var finished = events.Where(e => e.Kind == EventKind.GatePassed || e.Kind == EventKind.GateFailed).Select(e => e.PayloadString("name")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var unfinished = started.Where(n => !finished.Contains(n)).Distinct(StringComparer.Ordinal).ToList();
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"crashed: the process writing this run died without ending it (killed, or out of memory); recorded {events.Count} event(s), the last {last.Kind.Value} at {last.Ts:yyyy-MM-ddTHH:mm:ss.fffZ}; {finished.Count} gate(s) finished");
        return unfinished.Count > 0 ? text + "; unfinished: " + string.Join(", ", unfinished) : text;
    }
}
