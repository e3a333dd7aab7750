namespace Omk.Proofs;

/// <summary>A retry: a task the scheduler re-leased (<c>task_id</c>), or a gate run again after a failed attempt
/// (<c>gate_id</c>); <c>attempt</c> is the attempt that followed.</summary>
public sealed record ProofRetry(string? TaskId, int? Attempt, string Reason)
{
    public string? GateId { get; init; }
}
