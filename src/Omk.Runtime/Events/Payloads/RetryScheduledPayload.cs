namespace Omk.Events.Payloads;

/// <summary><c>retry_scheduled</c>.</summary>
public sealed record RetryScheduledPayload(string TaskId, string Reason, int? Attempt = null, string? StaleWorkerId = null);
