namespace Omk.Proofs;

/// <summary>
/// The run-level proof (<c>proof.json</c>): a pure projection of the event log. Field order is the
/// original contract's, with <c>readiness</c>, <c>commit</c>, <c>dirty</c>, <c>base</c> and <c>branch</c> added.
/// </summary>
public sealed record Proof
{
    public required string RunId { get; init; }

    public required string Status { get; init; }

    public required string Readiness { get; init; }

    /// <summary>The timestamp of the last event folded: the same log always gives the same proof.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    public string? Commit { get; init; }

    public bool? Dirty { get; init; }

    public string? Base { get; init; }

    public string? Branch { get; init; }

    /// <summary>The gate selection of a filtered run: the filter, the gates selected and those not run.</summary>
    public Events.Payloads.GateSelectionPayload? Selection { get; init; }

    /// <summary>Incremental selection (<c>--affected</c>): every project, whether the change reaches it and why, and the gates skipped as unaffected.</summary>
    public Events.Payloads.AffectedSelectionPayload? Affected { get; init; }

    /// <summary>A partial proof of a sharded run: its shard, the shard count, the gate set's hash and every declared gate.</summary>
    public Events.Payloads.ShardPayload? Shard { get; init; }

    /// <summary>A merged proof: the shards it was folded from and those missing.</summary>
    public Events.Payloads.ProofMergePayload? Merge { get; init; }

    public required IReadOnlyList<ProofChangedFile> ChangedFiles { get; init; }

    public required IReadOnlyList<ProofGate> Gates { get; init; }

    public required IReadOnlyList<ProofFailure> Failures { get; init; }

    public required IReadOnlyList<ProofRetry> Retries { get; init; }

    public required IReadOnlyList<string> KnownGaps { get; init; }

    public required string Summary { get; init; }

    public long? ElapsedSecs { get; init; }

    public long? ElapsedMs { get; init; }

    /// <summary>SHA-256 of the log as folded and of each gate log: what <c>omk proof verify</c> checks.</summary>
    public ProofIntegrity? Integrity { get; init; }
}
