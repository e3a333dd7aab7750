using Omk.Processes;

namespace Omk.Gates;

/// <summary>What one gate did in a run.</summary>
public sealed record GateOutcome(GateDefinition Gate, string Status, string? Reason, ProcessResult? Process)
{
    public bool Passed => Status == Proofs.GateStatus.Passed;
}
