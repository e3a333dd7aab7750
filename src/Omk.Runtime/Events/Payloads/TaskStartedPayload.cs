namespace Omk.Events.Payloads;

/// <summary><c>task_started</c>.</summary>
/// <remarks>Team runs add the attempt, the task's branch, its worktree and the commit it started from.</remarks>
public sealed record TaskStartedPayload(
    string TaskId,
    string WorkerId,
    long? BudgetSecs,
    int? Attempt = null,
    string? Branch = null,
    string? Worktree = null,
    string? StartCommit = null);
