namespace Omk.Events.Payloads;

/// <summary><c>proof_written</c>: where the proof is and its status.</summary>
public sealed record ProofWrittenPayload(string ProofPath, string Status);
