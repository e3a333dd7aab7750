namespace Omk.Events.Payloads;

/// <summary><c>task_completed</c>.</summary>
public sealed record TaskCompletedPayload(string TaskId, string WorkerId, string? OutputSummary = null);
