namespace Omk.Events.Payloads;

/// <summary><c>worker_heartbeat</c>.</summary>
public sealed record WorkerHeartbeatPayload(string WorkerId, DateTimeOffset Timestamp);
