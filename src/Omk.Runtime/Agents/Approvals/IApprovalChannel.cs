namespace Omk.Agents.Approvals;

/// <summary>A way to ask a human. Returns null when nobody answered (the gate then rejects).</summary>
public interface IApprovalChannel
{
    Task<ApprovalDecision?> AskAsync(ApprovalRequest request, CancellationToken cancellationToken);
}
