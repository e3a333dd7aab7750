namespace Omk.Proofs;

/// <summary>A retry the scheduler recorded.</summary>
public sealed record ProofRetry(string? TaskId, int? Attempt, string Reason);
