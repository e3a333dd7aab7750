namespace Omk.Proofs;

/// <summary>What <c>omk proof</c> (and every other front door) asks of a proof run.</summary>
public sealed record ProofRunOptions
{
    public required string RepoRoot { get; init; }

    /// <summary>Moves the state root (default: <c>$OMK_STATE_DIR</c>, then <c>&lt;repo&gt;/.omk</c>).</summary>
    public string? StateRoot { get; init; }

    /// <summary>Changed files are taken against the merge base of this ref and HEAD, plus uncommitted work.</summary>
    public string? BaseRef { get; init; }

    public int Parallelism { get; init; } = 1;

    /// <summary>The timeout of gates that declare none (see <see cref="Gates.GateRunOptions"/> for the rule).</summary>
    public TimeSpan? DefaultTimeout { get; init; }

    /// <summary>How many times a failed gate is run again, for gates that declare no <c>retries</c>.</summary>
    public int Retries { get; init; }

    /// <summary>What set <see cref="DefaultTimeout"/>, recorded in each gate's evidence: <c>--timeout</c>, <c>OmkGateTimeout</c>...</summary>
    public string TimeoutOrigin { get; init; } = "--timeout";

    public string Description { get; init; } = "omk proof";

    /// <summary>
    /// Whether a gate whose input key has a passed result in the cache is reused instead of run (default true);
    /// false for <c>--no-reuse</c>, <c>OmkNoReuse</c>, the action's <c>no-reuse</c> input. Passed results are stored either way.
    /// </summary>
    public bool ReuseResults { get; init; } = true;

    /// <summary>Where the gates came from, as given, recorded in <c>run_started</c> so the run can be re-verified.</summary>
    public Events.Payloads.GateSourcePayload? GateSource { get; init; }

    /// <summary>The run this one re-verifies (<c>omk replay --verify</c>), recorded in <c>run_started</c>.</summary>
    public string? VerifiesRun { get; init; }

    /// <summary>Names what interrupted a cancelled run (e.g. <c>SIGTERM</c>), for its record; null for a plain cancel.</summary>
    public Func<string?>? InterruptedBy { get; init; }
}
