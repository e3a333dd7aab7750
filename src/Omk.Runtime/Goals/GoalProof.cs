using Omk.Events.Payloads;

namespace Omk.Goals;

/// <summary>
/// A goal's proof (<c>proof.json</c>): the goal, its status with the reason and the next command, the plan, every task
/// with its proof, the integration commit, the gate results on it, the review, the budget used, the known gaps, and the
/// share of the wall time the controller itself took.
/// </summary>
public sealed record GoalProof(string GoalId, string Goal, string Status, string Reason, string? Next)
{
    public string Mode { get; init; } = "goal";

    public DateTimeOffset GeneratedAt { get; init; }

    public string? BaseCommit { get; init; }

    public string Branch { get; init; } = string.Empty;

    public string? Commit { get; init; }

    public string? Phase { get; init; }

    public IReadOnlyList<TeamTaskAcceptedPayload> Plan { get; init; } = [];

    public IReadOnlyList<GoalProofTask> Tasks { get; init; } = [];

    public IReadOnlyList<GoalGateResult> Gates { get; init; } = [];

    public string? GatesProof { get; init; }

    public string? ReviewVerdict { get; init; }

    public IReadOnlyList<GoalReviewFinding> ReviewFindings { get; init; } = [];

    public IReadOnlyList<string> Sensitive { get; init; } = [];

    public IReadOnlyList<string> KnownGaps { get; init; } = [];

    public int Rounds { get; init; }

    public int FixRoundsUsed { get; init; }

    public GoalBudgetState? Budget { get; init; }

    public double ElapsedSecs { get; init; }

    /// <summary>Wall time outside agent turns and gates, as a share of the goal's active wall time (0..1).</summary>
    public double? OrchestrationShare { get; init; }

    public string? PullRequestUrl { get; init; }

    public string? DeliveredTo { get; init; }
}
