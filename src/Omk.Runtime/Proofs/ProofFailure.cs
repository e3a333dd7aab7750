namespace Omk.Proofs;

/// <summary>Something that went wrong in the run, with when and who.</summary>
public sealed record ProofFailure(string? TaskId, string? WorkerId, string Description, DateTimeOffset Timestamp);
