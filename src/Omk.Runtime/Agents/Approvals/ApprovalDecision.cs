namespace Omk.Agents.Approvals;

/// <summary>The answer to an approval request, who gave it and why.</summary>
public sealed record ApprovalDecision(string Decision, string DecidedBy, string? Reason = null)
{
    public const string Approve = "approve";
    public const string ApproveForSession = "approve_for_session";
    public const string Reject = "reject";

    public bool Approved => Decision is Approve or ApproveForSession;
}
