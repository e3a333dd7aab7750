using Omk.Events;
using Omk.Proofs;
using Omk.Teams;

namespace Omk.Replay;

/// <summary>
/// Replays a run from its log alone, in one streaming pass: each event becomes a <see cref="ReplayEntry"/> handed to
/// the caller as it is read (nothing is kept per event), while the run's own projection (the proof of a run, the team
/// proof of a team run) folds the same events into the verdict. Memory is bounded by the fold's state, not the log.
/// </summary>
public static class ReplayProjection
{
    public static ReplayVerdict Replay(string eventsPath, Action<ReplayEntry> onEntry)
    {
        var first = EventReader.Read(eventsPath).FirstOrDefault();
        var start = first?.Ts ?? DateTimeOffset.UnixEpoch;
        var mode = first is null ? "unknown" : ReplayEvents.Text(first, "mode") ?? "run";
        var counts = new Counts();
        var stats = new EventReadStats();

        IEnumerable<Event> Observed()
        {
            foreach (var e in EventReader.Read(eventsPath, stats))
            {
                counts.Count(e);
                onEntry(ReplayEvents.Describe(e, counts.Events, start));
                yield return e;
            }
        }

        string status, summary;
        IReadOnlyList<string> why;
        if (mode == "team")
        {
            var view = TeamLog.Fold(Observed());
            var proof = TeamProofProjection.Project(view, counts.Last ?? start);
            (status, summary) = (proof.Status, proof.Summary);
            why = proof.Tasks.Where(t => t.Status != TeamTaskStatus.Completed)
                .Select(t => $"task {t.Id}: {t.Status}{(t.Error is null ? string.Empty : ": " + t.Error)}")
                .ToList();
        }
        else
        {
            var proof = ProofProjection.Fold(Observed(), stats, first?.RunId.Value);
            (status, summary) = (proof.Status, proof.Summary);
            why = proof.Failures.Select(f => f.Description).Concat(proof.KnownGaps).Distinct(StringComparer.Ordinal).ToList();
        }

        return new ReplayVerdict
        {
            RunId = first?.RunId.Value ?? "unknown",
            Mode = mode,
            Status = status,
            Summary = summary,
            Why = why,
            Commit = first is null ? null : ReplayEvents.Text(first, "commit"),
            Dirty = first?.Payload is { } p && p.TryGetProperty("dirty", out var d) && d.ValueKind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False ? d.GetBoolean() : null,
            ElapsedMs = counts.Last is { } last ? (long)(last - start).TotalMilliseconds : null,
            Events = counts.Events,
            Gates = counts.Gates,
            Retries = counts.Retries,
            Tasks = counts.Tasks,
            Approvals = counts.Approvals,
            InputTokens = counts.InputTokens,
            OutputTokens = counts.OutputTokens,
        };
    }

    private sealed class Counts
    {
        public long Events { get; private set; }

        public long Gates { get; private set; }

        public long Retries { get; private set; }

        public long Tasks { get; private set; }

        public long Approvals { get; private set; }

        public long InputTokens { get; private set; }

        public long OutputTokens { get; private set; }

        public DateTimeOffset? Last { get; private set; }

        public void Count(Event e)
        {
            Events++;
            Last = Last is null || e.Ts > Last ? e.Ts : Last;
            switch (e.Kind.Value)
            {
                case "gate_passed" or "gate_failed":
                    Gates++;
                    break;
                case "retry_scheduled":
                    Retries++;
                    break;
                case "task_accepted":
                    Tasks++;
                    break;
                case "approval_requested":
                    Approvals++;
                    break;
                case "task_output" when ReplayEvents.Text(e, "wire_event") == "usage":
                    InputTokens += ReplayEvents.Number(e, "input_tokens") ?? 0;
                    OutputTokens += ReplayEvents.Number(e, "output_tokens") ?? 0;
                    break;
            }
        }
    }
}
