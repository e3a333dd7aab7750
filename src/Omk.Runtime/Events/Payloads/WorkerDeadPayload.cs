namespace Omk.Events.Payloads;

/// <summary><c>worker_dead</c> when a stale worker is quarantined.</summary>
public sealed record WorkerDeadPayload(string WorkerId, string? TaskId, string Reason, string? CleanupMarker, string Action);
