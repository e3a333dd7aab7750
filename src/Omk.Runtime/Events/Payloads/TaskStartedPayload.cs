namespace Omk.Events.Payloads;

/// <summary><c>task_started</c>.</summary>
public sealed record TaskStartedPayload(string TaskId, string WorkerId, long? BudgetSecs);
