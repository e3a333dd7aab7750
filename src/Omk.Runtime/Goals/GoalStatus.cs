namespace Omk.Goals;

/// <summary>
/// The statuses a goal ends (or stops) with, and the exit code each maps to: <c>ready</c> 0; <c>not_ready</c> and
/// <c>failed</c> 1; <c>blocked_on_human</c>, <c>blocked_on_external</c> and <c>needs_more_budget</c> 3; <c>paused</c>
/// and <c>cancelled</c> 130. Usage errors (2) never reach a goal.
/// </summary>
public static class GoalStatus
{
    public const string Ready = "ready";
    public const string NotReady = "not_ready";
    public const string Failed = "failed";
    public const string BlockedOnHuman = "blocked_on_human";
    public const string BlockedOnExternal = "blocked_on_external";
    public const string NeedsMoreBudget = "needs_more_budget";
    public const string Paused = "paused";
    public const string Cancelled = "cancelled";
    public const string Running = "running";

    public static int ExitCode(string status) => status switch
    {
        Ready => 0,
        NotReady or Failed => 1,
        BlockedOnHuman or BlockedOnExternal or NeedsMoreBudget => 3,
        Paused or Cancelled => 130,
        _ => 1,
    };

    /// <summary>Statuses that seal the goal's log (a terminal event): nothing resumes them.</summary>
    public static bool IsFinal(string status) => status is Ready or NotReady or Failed;
}
