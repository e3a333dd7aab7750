namespace Omk.Events.Payloads;

/// <summary>
/// A team task attempt's end, as <c>task_completed</c> or <c>task_failed</c>. Carries the fields of
/// <see cref="TaskCompletedPayload"/> (<c>task_id</c>, <c>worker_id</c>, <c>output_summary</c>) and of
/// <see cref="TaskFailedPayload"/> (<c>error</c>), plus the attempt, its status (<c>completed</c>, <c>failed</c>,
/// <c>conflict</c>, <c>write_set_violation</c>, <c>stalled</c>, <c>dead</c>, <c>blocked_on_human</c>, <c>skipped</c>,
/// <c>cancelled</c>), where its work is (branch, head commit), its findings, gates and tokens.
/// </summary>
public sealed record TaskOutcomePayload(
    string TaskId,
    string? WorkerId,
    int Attempt,
    string Status,
    string? Error = null,
    string? OutputSummary = null,
    string? Branch = null,
    string? Head = null,
    string? StartCommit = null,
    IReadOnlyList<string>? ChangedFiles = null,
    IReadOnlyList<string>? Findings = null,
    IReadOnlyList<TaskGateResult>? Gates = null,
    int FixRounds = 0,
    long InputTokens = 0,
    long OutputTokens = 0,
    decimal CostUsd = 0,
    string? Proof = null,
    bool? WillRetry = null);
