namespace Omk.Proofs;

/// <summary>The run-level verdict strings and their readiness labels.</summary>
public static class ProofStatus
{
    public const string Ready = "ready";
    public const string NotReady = "not_ready";
    public const string Failed = "failed";

    /// <summary>Every selected gate passed, but a filter left declared gates out: not ready, not failed.</summary>
    public const string Partial = "partial";

    /// <summary>Stopped by a signal or Ctrl+C: the gates were stopped and the evidence so far recorded.</summary>
    public const string Cancelled = "cancelled";

    public const string ReadyForHandoff = "ready_for_handoff";
    public const string NeedsFollowUp = "needs_follow_up";
    public const string Blocked = "blocked";

    public static string ReadinessOf(string status) => status switch
    {
        Ready => ReadyForHandoff,
        Failed => Blocked,
        _ => NeedsFollowUp,
    };

    public static string ReadinessDetailOf(string readiness) => readiness switch
    {
        ReadyForHandoff => "Ready for handoff: required gates passed and no blocking failures.",
        Blocked => "Blocked: failures or required gate failures must be resolved.",
        _ => "Needs follow-up: required gates are incomplete or missing.",
    };
}
