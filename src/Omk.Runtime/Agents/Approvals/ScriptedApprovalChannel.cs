using System.Collections.Concurrent;

namespace Omk.Agents.Approvals;

/// <summary>Answers from a fixed list, in order (tests, and unattended runs with decisions decided in advance).</summary>
public sealed class ScriptedApprovalChannel(IEnumerable<string> decisions) : IApprovalChannel
{
    private readonly ConcurrentQueue<string> _decisions = new(decisions);

    public Task<ApprovalDecision?> AskAsync(ApprovalRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(_decisions.TryDequeue(out var decision)
            ? new ApprovalDecision(decision, "script", decision == ApprovalDecision.Reject ? "rejected by the script" : null)
            : null);
}
