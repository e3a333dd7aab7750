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
}
