using Omk.Gates;
using Omk.Runs;

namespace Omk.Proofs;

/// <summary>A finished proof run: where it is, its proof, and what each gate did.</summary>
public sealed record ProofRunResult(RunDirectory Run, Proof Proof, GateSet Gates, IReadOnlyList<GateOutcome> Outcomes, bool Cancelled);
