namespace Omk.Events.Payloads;

/// <summary><c>worker_stalled</c>: the watchdog saw no agent update from a worker for <c>idle_secs</c>.</summary>
public sealed record WorkerStalledPayload(string WorkerId, string? TaskId, string Message, double IdleSecs, int? Attempt = null);
