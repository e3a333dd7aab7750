namespace Omk.Events.Payloads;

/// <summary><c>run_started</c>. Fields after <c>wire_protocol_version</c> are Omk additions (omitted when unknown);
/// <c>planned_gates</c> lets a proof notice gates that never reported (a crashed run is never ready);
/// <c>gates_origin</c> says where the gates came from, or why there are none.</summary>
public sealed record RunStartedPayload(
    string Mode,
    string ProjectDir,
    string Description,
    string? KimiBinary = null,
    string? KimiCliVersion = null,
    string? WireProtocolVersion = null,
    string? Commit = null,
    string? Branch = null,
    bool? Dirty = null,
    string? Base = null,
    string? OmkVersion = null,
    IReadOnlyList<string>? PlannedGates = null,
    IReadOnlyList<string>? SecretNames = null,
    string? GatesOrigin = null)
{
    /// <summary>The gate selection of a filtered run (null when every declared gate was planned).</summary>
    public GateSelectionPayload? GateSelection { get; init; }

    /// <summary>The share of a sharded run (<c>--shard I/N</c>); null for a whole run.</summary>
    public ShardPayload? Shard { get; init; }

    /// <summary>The shards a merged proof was folded from (<c>omk proof merge</c>); null otherwise.</summary>
    public ProofMergePayload? Merge { get; init; }

    /// <summary>The run's time budget in seconds of active time (a goal's <c>--budget-time</c>); null when unlimited.</summary>
    public long? BudgetSecs { get; init; }

    /// <summary>The run's token budget; null when unlimited.</summary>
    public long? BudgetTokens { get; init; }

    /// <summary>The run's USD budget; null when unlimited.</summary>
    public decimal? BudgetUsd { get; init; }

    /// <summary>The git tree of the work tree the gates judged (committed, modified and untracked files; ignored ones left out).</summary>
    public string? Tree { get; init; }

    /// <summary>The patch of the uncommitted work (a run on a dirty tree), kept in the run directory for re-verification.</summary>
    public DirtyPatchPayload? DirtyPatch { get; init; }

    /// <summary>Where the gates came from, as given (<c>--gate</c>, <c>--after</c>, <c>--gates-dir</c>...), to declare them again.</summary>
    public GateSourcePayload? GateSource { get; init; }

    /// <summary>Incremental selection (<c>--affected</c>): every project, whether the change reaches it and why, and the gates skipped.</summary>
    public AffectedSelectionPayload? Affected { get; init; }

    /// <summary>Set on the run of <c>omk replay --verify</c>: the run whose gates it re-ran on the recorded tree.</summary>
    public string? VerifiesRun { get; init; }
}
