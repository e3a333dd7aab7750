namespace Omk.Proofs;

/// <summary>
/// What a proof was folded from, by content: the first <see cref="EventsBytes"/> bytes of the event log (everything
/// appended before the proof was written) and each gate log, as SHA-256 in lowercase hex. <c>omk proof verify</c>
/// recomputes them and folds the log again, so a changed byte in any of these files, or in the proof, is named.
/// </summary>
public sealed record ProofIntegrity
{
    public required string Algorithm { get; init; }

    public required string EventsPath { get; init; }

    public required long EventsBytes { get; init; }

    public required string EventsSha256 { get; init; }

    public required IReadOnlyList<ProofFileDigest> GateLogs { get; init; }
}
