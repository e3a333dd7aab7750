namespace Omk.Teams;

/// <summary>The statuses of a team task (and of one attempt at it), as written in events and proofs.</summary>
public static class TeamTaskStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Conflict = "conflict";
    public const string WriteSetViolation = "write_set_violation";
    public const string Stalled = "stalled";
    public const string Dead = "dead";
    public const string BlockedOnHuman = "blocked_on_human";
    public const string Skipped = "skipped";
    public const string Cancelled = "cancelled";

    /// <summary>The gates found the same problems in two rounds in a row (a run that asked to stop then, like <c>omk ralph</c>).</summary>
    public const string NoProgress = "no_progress";

    /// <summary>The next agent turn would not fit the run's budget: stopped at a turn boundary.</summary>
    public const string NeedsMoreBudget = "needs_more_budget";

    /// <summary>Stopped at a turn boundary because a pause was asked (<c>omk goal pause</c>): its work is on its branch.</summary>
    public const string Paused = "paused";

    /// <summary>An attempt that ended this way may be tried again (a conflict, a human's decision or a cancel will not change).</summary>
    public static bool IsRetryable(string status) => status is Failed or WriteSetViolation or Stalled or Dead;
}
