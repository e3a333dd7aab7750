namespace Omk.Events.Payloads;

/// <summary><c>worker_started</c>.</summary>
public sealed record WorkerStartedPayload(string WorkerId, string Role);
