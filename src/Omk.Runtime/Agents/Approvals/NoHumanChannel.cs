namespace Omk.Agents.Approvals;

/// <summary>No human is there (CI, pipes): nobody answers, so what the policy does not approve is rejected.</summary>
public sealed class NoHumanChannel : IApprovalChannel
{
    public Task<ApprovalDecision?> AskAsync(ApprovalRequest request, CancellationToken cancellationToken) =>
        Task.FromResult<ApprovalDecision?>(null);
}
