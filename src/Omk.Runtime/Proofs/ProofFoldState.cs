using Omk.Events;
using Omk.Events.Payloads;

namespace Omk.Proofs;

/// <summary>What <see cref="ProofProjection"/> accumulates while it folds a log: the run's facts and each gate's.</summary>
internal sealed class ProofFoldState
{
    public Dictionary<string, ProofGateFold> Gates { get; } = new(StringComparer.Ordinal);

    public List<ProofGateFold> GateOrder { get; } = [];

    // Each path's last recorded change; sorted once when the proof is built. A dictionary of class values, not a sorted
    // dictionary of strings: the framework's precompiled shared code then runs, instead of ~40 methods over
    // KeyValuePair<string, string> (SortedSet, OrderBy) JIT-compiled in every short-lived omk process.
    public Dictionary<string, ProofChangedFile> Files { get; } = new(StringComparer.Ordinal);

    public List<ProofFailure> Failures { get; } = [];

    public List<ProofRetry> Retries { get; } = [];

    public List<Event> Late { get; } = [];

    public DateTimeOffset? Started { get; set; }

    public DateTimeOffset? Ended { get; set; }

    public DateTimeOffset? LastTs { get; set; }

    public bool SawRunStarted { get; set; }

    public bool Interrupted { get; set; }

    public string? Commit { get; set; }

    public string? Branch { get; set; }

    public bool? Dirty { get; set; }

    public string? Base { get; set; }

    public GateSelectionPayload? Selection { get; set; }

    public AffectedSelectionPayload? Affected { get; set; }

    public ShardPayload? Shard { get; set; }

    public ProofMergePayload? Merge { get; set; }

    public string? GatesOrigin { get; set; }

    public ProofGateFold Gate(string name)
    {
        if (!Gates.TryGetValue(name, out var g))
        {
            g = new ProofGateFold(name);
            Gates[name] = g;
            GateOrder.Add(g);
        }

        return g;
    }
}
