namespace Omk.Events.Payloads;

/// <summary><c>task_failed</c>.</summary>
public sealed record TaskFailedPayload(string TaskId, string? WorkerId, string Error);
