namespace Omk.Events;

/// <summary>
/// A run's verdict is sealed by its terminal event (the first <c>run_completed</c> or <c>run_failed</c>): after
/// it only the <c>proof_written</c> made from it may follow. A writer refuses anything else, and a fold ignores
/// (and reports) what a late writer appended anyway.
/// </summary>
public static class RunSeal
{
    public static bool IsTerminal(EventKind kind) => kind == EventKind.RunCompleted || kind == EventKind.RunFailed;

    /// <summary>True for the kinds that may come after the terminal event.</summary>
    public static bool MayFollowSeal(EventKind kind) => kind == EventKind.ProofWritten;

    /// <summary>The integrity finding for events found after the terminal event; null when there are none.</summary>
    public static string? Describe(IReadOnlyList<Event> late)
    {
        if (late.Count == 0)
        {
            return null;
        }

        var kinds = string.Join(", ", late.Select(e => e.Kind.Value).Distinct(StringComparer.Ordinal).Take(5));
        return $"integrity: {late.Count} event(s) appended after the run ended were ignored ({kinds}); the verdict is the one sealed by the run's end";
    }

    /// <summary>The events of a log that came after its terminal event (proof_written excepted).</summary>
    public static IReadOnlyList<Event> LateEvents(IEnumerable<Event> events)
    {
        var late = new List<Event>();
        var sealedRun = false;
        foreach (var e in events)
        {
            if (sealedRun)
            {
                if (!MayFollowSeal(e.Kind))
                {
                    late.Add(e);
                }
            }
            else if (IsTerminal(e.Kind))
            {
                sealedRun = true;
            }
        }

        return late;
    }
}
