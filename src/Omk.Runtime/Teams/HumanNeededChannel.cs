using Omk.Agents.Approvals;

namespace Omk.Teams;

/// <summary>
/// The approval channel of a team worker: no human is asked (workers run unattended and in parallel). A request the
/// policy cannot decide is remembered and stops the turn, which then ends as <c>blocked_on_human</c>.
/// </summary>
public sealed class HumanNeededChannel(Action onBlocked) : IApprovalChannel
{
    private ApprovalRequest? _request;

    public ApprovalRequest? Request => Volatile.Read(ref _request);

    public Task<ApprovalDecision?> AskAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        Interlocked.CompareExchange(ref _request, request, null);
        onBlocked();
        return Task.FromResult<ApprovalDecision?>(null);
    }
}
