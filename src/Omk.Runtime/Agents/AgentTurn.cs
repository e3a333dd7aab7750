namespace Omk.Agents;

/// <summary>
/// How a turn ended. <see cref="StopReason"/>: <c>end_turn</c>, <c>cancelled</c>, <c>failed</c> (the agent or its
/// model failed), <c>crashed</c> (the process died), <c>timed_out</c>, or a protocol reason (<c>max_tokens</c>, …).
/// </summary>
public sealed record AgentTurn(
    string StopReason,
    string Text,
    TokenUsage Usage,
    IReadOnlyList<AgentToolCall> ToolCalls,
    TimeSpan Duration,
    string? FailureReason = null)
{
    public bool Succeeded => StopReason == "end_turn" && FailureReason is null;
}
