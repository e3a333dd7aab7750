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

    public string? TeamRunId { get; init; }

    public GoalStepPayload? TeamFinished { get; init; }

    public GoalStepPayload? Integrated { get; init; }

    public GoalStepPayload? Verified { get; init; }

    public GoalStepPayload? Reviewed { get; init; }
}
