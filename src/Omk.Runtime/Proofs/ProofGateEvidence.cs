namespace Omk.Proofs;

/// <summary>The evidence a gate left: the original fields, then Omk's additions (all omitted when unknown).</summary>
public sealed record ProofGateEvidence
{
    public string? CommandLine { get; init; }

    public int? ExitCode { get; init; }

    public bool TimedOut { get; init; }

    public string? StdoutSummary { get; init; }

    public string? StderrSummary { get; init; }

    public string? OutputPath { get; init; }

    public long? TimeoutSecs { get; init; }

    /// <summary>Where the timeout came from: the gate's declaration, the run's option, or the default.</summary>
    public string? TimeoutSource { get; init; }

    public long? DurationMs { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }

    public IReadOnlyDictionary<string, string>? Values { get; init; }

    /// <summary>The last lines of the output of a gate that failed (where the cause usually is).</summary>
    public IReadOnlyList<string>? OutputTail { get; init; }
}
