using Omk.Events.Payloads;
using Omk.Processes;

namespace Omk.Gates;

/// <summary>What one gate did in a run.</summary>
public sealed record GateOutcome(GateDefinition Gate, string Status, string? Reason, ProcessResult? Process)
{
    public bool Passed => Status == Proofs.GateStatus.Passed;

    /// <summary>The recorded result (<c>gate_passed</c> / <c>gate_failed</c> payload) of a gate that ran or was reused.</summary>
    public GateResultPayload? Result { get; init; }

    /// <summary>Set when the gate did not run: its passed result was reused from this run and gate.</summary>
    public GateReuseSource? ReusedFrom => Result?.ReusedFrom;
}
