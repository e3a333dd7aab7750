using Omk.Events;
using Omk.Events.Payloads;

namespace Omk.Agents.Approvals;

/// <summary>
/// Every permission request goes through here: recorded as <c>approval_requested</c>, decided by the policy or
/// else by the human channel within the timeout (nobody answering means reject), recorded as
/// <c>approval_decided</c>. Yolo approvals are logged like any other. A request whose caller cancels while the
/// human channel is asked is recorded as rejected by <c>cancelled</c> before the cancellation is rethrown.
/// </summary>
public sealed class ApprovalGate(ApprovalPolicy policy, IApprovalChannel channel, TimeSpan timeout, IEventSink events, EventFactory factory, string workerId)
{
    public ApprovalPolicy Policy { get; } = policy;

    public async Task<ApprovalDecision> DecideAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        await events.AppendAsync(
            factory.ApprovalRequested(new ApprovalRequestedPayload(request.RequestId, workerId, request.Tool, request.Action ?? request.Description, Policy.ToString())),
            CancellationToken.None).ConfigureAwait(false);

        ApprovalDecision decision;
        if (Policy.Approves(request))
        {
            decision = new ApprovalDecision(ApprovalDecision.Approve, "policy:" + Policy.Name, Policy.Name == "yolo" ? "yolo: every tool use is approved" : $"allowed by policy {Policy}");
        }
        else
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            ApprovalDecision? answer = null;
            try
            {
                answer = await channel.AskAsync(request, limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException)
            {
                // The caller gave up (the turn was cancelled): the request still gets its decision in the log.
                await events.AppendAsync(
                    factory.ApprovalDecided(
                        new ApprovalDecidedPayload(request.RequestId, ApprovalDecision.Reject, "cancelled", "cancelled before anyone answered"),
                        workerId),
                    CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            decision = answer ?? new ApprovalDecision(
                ApprovalDecision.Reject,
                limit.IsCancellationRequested ? "timeout" : "no-human",
                limit.IsCancellationRequested ? $"nobody answered within {timeout.TotalSeconds:0} s" : "no human channel to ask (not interactive)");
        }

        await events.AppendAsync(
            factory.ApprovalDecided(new ApprovalDecidedPayload(request.RequestId, decision.Decision, decision.DecidedBy, decision.Reason), workerId),
            CancellationToken.None).ConfigureAwait(false);
        return decision;
    }
}
