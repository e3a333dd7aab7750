namespace Omk.Events.Payloads;

/// <summary>A per-project gate an incremental run skipped because the change does not reach its project, and why.</summary>
public sealed record UnaffectedGatePayload(string Gate, string Project, string Reason);
