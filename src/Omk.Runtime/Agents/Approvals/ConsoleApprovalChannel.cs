namespace Omk.Agents.Approvals;

/// <summary>Asks at the terminal: <c>y</c> approve once, <c>a</c> approve for the session, anything else rejects.</summary>
public sealed class ConsoleApprovalChannel(TextReader input, TextWriter output) : IApprovalChannel
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task<ApprovalDecision?> AskAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await output.WriteLineAsync($"omk: the agent wants to use {request.Tool}{(request.Description is null ? string.Empty : ": " + request.Description)}").ConfigureAwait(false);
            await output.WriteAsync("omk: allow? [y]es once / [a]lways this session / [N]o: ").ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            var answer = await input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            return answer?.Trim().ToLowerInvariant() switch
            {
                null => null,
                "y" or "yes" => new ApprovalDecision(ApprovalDecision.Approve, "human"),
                "a" or "always" => new ApprovalDecision(ApprovalDecision.ApproveForSession, "human"),
                _ => new ApprovalDecision(ApprovalDecision.Reject, "human", "rejected at the terminal"),
            };
        }
        finally
        {
            _one.Release();
        }
    }
}
