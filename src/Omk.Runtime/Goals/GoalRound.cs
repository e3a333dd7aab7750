using Omk.Teams;

namespace Omk.Goals;

/// <summary>
/// One round of a goal as its log tells it: the tasks (the plan, fix tasks, or a conflict task), the team run that did
/// them, the integration of their branches, the gates on the integrated tree and the review.
/// </summary>
public sealed record GoalRound(int Number, string Kind, string BaseCommit, IReadOnlyList<TeamTask> Tasks)
{
    /// <summary>Branches of an earlier round still to merge (after a conflict round).</summary>
    public IReadOnlyList<GoalBranch> Carried { get; init; } = [];

    /// <summary>Tasks of the round that continue earlier work (a round after a pause, a cancel or a spent budget), by task id.</summary>
    public IReadOnlyDictionary<string, TaskContinuation> Continuations { get; init; } = new Dictionary<string, TaskContinuation>(StringComparer.Ordinal);

    /// <summary>The earlier branches those tasks continue (<c>task=branch@head</c>), as the round's start recorded them.</summary>
    public IReadOnlyList<GoalBranch> Continued { get; init; } = [];

    public string? TeamRunId { get; init; }

    public GoalStepPayload? TeamFinished { get; init; }

    public GoalStepPayload? Integrated { get; init; }

    public GoalStepPayload? Verified { get; init; }

    public GoalStepPayload? Reviewed { get; init; }
}
