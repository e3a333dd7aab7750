using Omk.Agents.Approvals;

namespace Omk.Agents.Tests.Support;

/// <summary>A human who is asked but never answers (until the question is withdrawn).</summary>
public sealed class WaitingApprovalChannel : IApprovalChannel
{
    private readonly TaskCompletionSource<ApprovalRequest> _asked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the first request asked.</summary>
    public Task<ApprovalRequest> Asked => _asked.Task;

    public async Task<ApprovalDecision?> AskAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        _asked.TrySetResult(request);
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        return null;
    }
}
