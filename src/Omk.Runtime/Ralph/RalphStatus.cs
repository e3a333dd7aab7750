namespace Omk.Ralph;

/// <summary>The statuses a ralph loop ends with (the same words as goals and proofs).</summary>
public static class RalphStatus
{
    public const string Ready = "ready";
    public const string NotReady = "not_ready";
    public const string NeedsMoreBudget = "needs_more_budget";
    public const string BlockedOnHuman = "blocked_on_human";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}
