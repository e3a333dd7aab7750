namespace Omk.Proofs;

/// <summary>One gate in a proof: name, <c>passed|failed|skipped</c>, required, and its evidence.</summary>
public sealed record ProofGate
{
    public required string Name { get; init; }

    public required string Status { get; init; }

    public required bool Required { get; init; }

    public bool? AllowFail { get; init; }

    public string? Kind { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public string? SourceFile { get; init; }

    public int? SourceLine { get; init; }

    public required ProofGateEvidence Evidence { get; init; }

    /// <summary>True for a gate declared <c>optional</c> (not required); an allowed failure has <see cref="AllowFail"/> instead.</summary>
    public bool? Optional { get; init; }

    /// <summary>Test counts from the gate's result files; null when it is not a test gate.</summary>
    public Events.Payloads.TestCounts? Tests { get; init; }

    /// <summary>Failed tests (capped; <see cref="Tests"/> has the true number).</summary>
    public IReadOnlyList<Events.Payloads.FailedTest>? FailedTests { get; init; }

    /// <summary>Diagnostics from the output (capped; <see cref="FindingsTotal"/> has the true numbers when more were found).</summary>
    public IReadOnlyList<Events.Payloads.Finding>? Findings { get; init; }

    public Events.Payloads.FindingTotals? FindingsTotal { get; init; }

    /// <summary>True when the gate failed and then passed on a retry.</summary>
    public bool? Flaky { get; init; }

    /// <summary>Every attempt of a gate that was retried, in order (null for a single attempt).</summary>
    public IReadOnlyList<ProofGateAttempt>? Attempts { get; init; }

    /// <summary>The SHA-256 of the gate's inputs (see docs/gates.md, "Reused results"); null outside git.</summary>
    public string? InputKey { get; init; }

    /// <summary>Set when the gate did not run and its passed result was reused, with its evidence, from this run and gate.</summary>
    public Events.Payloads.GateReuseSource? ReusedFrom { get; init; }
}
