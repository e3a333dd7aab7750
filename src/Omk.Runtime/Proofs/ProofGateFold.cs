using Omk.Events;
using Omk.Events.Payloads;

namespace Omk.Proofs;

/// <summary>One gate as the proof projection folds it: its events' facts, evidence and attempts.</summary>
internal sealed class ProofGateFold(string name)
{
    public string Name { get; } = name;

    public bool Planned { get; set; }

    public bool Started { get; set; }

    public EventKind? Result { get; set; }

    public DateTimeOffset? ResultTs { get; set; }

    public GateResultPayload? Payload { get; set; }

    public ProofGateEvidence Evidence { get; set; } = new();

    public List<ProofGateAttempt> Attempts { get; } = [];
}
