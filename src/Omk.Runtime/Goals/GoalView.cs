using Omk.Teams;

namespace Omk.Goals;

/// <summary>A goal folded from its log: the goal, its settings and limits, the plan, every round, and how it stopped or ended.</summary>
public sealed record GoalView(string GoalId)
{
    public string Goal { get; init; } = string.Empty;

    public string? RepoRoot { get; init; }

    public string? BaseCommit { get; init; }

    public string? BaseRef { get; init; }

    public GoalSettings Settings { get; init; } = new();

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? LastEventAt { get; init; }

    public IReadOnlyList<TeamTask>? Plan { get; init; }

    public int PlannerAnswers { get; init; }

    /// <summary>Why the planner's last answer was rejected (for the re-ask).</summary>
    public string? PlannerError { get; init; }

    public IReadOnlyList<GoalRound> Rounds { get; init; } = [];

    /// <summary>The last <c>goal_stopped</c> not followed by a resume: a resumable stop.</summary>
    public GoalStepPayload? Stopped { get; init; }

    public GoalStepPayload? Delivered { get; init; }

    /// <summary><c>completed</c> or <c>failed</c> once sealed.</summary>
    public string? Ended { get; init; }

    public string? EndReason { get; init; }

    /// <summary>The final status recorded with the seal (<c>ready</c>, <c>not_ready</c>, <c>failed</c>).</summary>
    public string? FinalStatus { get; init; }

    public string? Phase { get; init; }

    /// <summary>The findings recorded with the decision (write-set and branch checks).</summary>
    public IReadOnlyList<string> DecidedFindings { get; init; } = [];

    /// <summary>Wall time the goal was being driven (stops excluded), from its log.</summary>
    public TimeSpan Active { get; init; }

    /// <summary>The integration branch's head: the last integrated commit, else the base.</summary>
    public string? IntegrationHead => Rounds.LastOrDefault(r => r.Integrated?.Commit is not null)?.Integrated!.Commit ?? BaseCommit;

    public int FixRoundsUsed => Rounds.Count(r => r.Kind == "fix");

    public static string Branch(string goalId) => "omk/goal/" + goalId;
}
