using Omk.Agents.Approvals;

namespace Omk.Agents;

/// <summary>One agent turn as a run: the prompt, where, how permissions are answered, limits and prices.</summary>
public sealed record AgentRunOptions
{
    public required string Prompt { get; init; }

    /// <summary>The agent's working directory (also where the run is recorded, under .omk/ unless moved).</summary>
    public required string WorkingDirectory { get; init; }

    public string? StateRoot { get; init; }

    public ApprovalPolicy Policy { get; init; } = ApprovalPolicy.Never;

    public IApprovalChannel Channel { get; init; } = new NoHumanChannel();

    /// <summary>How long a human has to answer before the request is rejected.</summary>
    public TimeSpan ApprovalTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan? TurnTimeout { get; init; }

    public TokenPrice Price { get; init; } = TokenPrice.Default;

    public string WorkerId { get; init; } = "worker-0";

    public string TaskId { get; init; } = "task-1";
}
