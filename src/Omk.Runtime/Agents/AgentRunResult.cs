using Omk.Runs;

namespace Omk.Agents;

/// <summary>What one agent run produced: the run directory, the turn, tokens and cost, and a one-line summary.</summary>
public sealed record AgentRunResult(
    RunDirectory Run,
    AgentTurn Turn,
    AgentInfo? Info,
    TokenUsage Usage,
    decimal CostUsd,
    int FilesChanged,
    string TranscriptPath,
    string Summary)
{
    /// <summary>The agent's session id (ACP), for <c>omk agent run --resume</c>; null when unknown.</summary>
    public string? SessionId { get; init; }
}
