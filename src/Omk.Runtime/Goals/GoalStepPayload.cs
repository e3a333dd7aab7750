namespace Omk.Goals;

/// <summary>
/// A step of the goal controller, recorded as a <c>task_output</c> event of the goal's log whose <c>wire_event</c> names
/// the step (<c>goal_settings</c>, <c>goal_planner_answer</c>, <c>goal_round_started</c>, <c>goal_team_started</c>,
/// <c>goal_team_finished</c>, <c>goal_integrated</c>, <c>goal_verified</c>, <c>goal_reviewed</c>, <c>goal_delivered</c>,
/// <c>goal_stopped</c>). Fields a step does not use are omitted.
/// </summary>
public sealed record GoalStepPayload(string WireEvent, string Message)
{
    public int? Round { get; init; }

    /// <summary>For a round: <c>plan</c>, <c>fix</c>, <c>conflict</c>, <c>continue</c> or <c>rebase</c>.</summary>
    public string? RoundKind { get; init; }

    public string? TeamRunId { get; init; }

    public string? Status { get; init; }

    public string? Reason { get; init; }

    public string? Next { get; init; }

    public string? Commit { get; init; }

    public string? BaseCommit { get; init; }

    public string? Path { get; init; }

    public string? Verdict { get; init; }

    public int? Attempt { get; init; }

    public IReadOnlyList<string>? Tasks { get; init; }

    public IReadOnlyList<string>? Findings { get; init; }

    public IReadOnlyList<string>? Questions { get; init; }

    /// <summary>For <c>goal_verified</c>: the files the goal's change touches (change base to the verified commit).</summary>
    public IReadOnlyList<string>? ChangedFiles { get; init; }

    /// <summary>Task branches merged (<c>task=branch@head</c>), or still to merge after a conflict round.</summary>
    public IReadOnlyList<GoalBranch>? Branches { get; init; }

    public IReadOnlyList<GoalBranch>? Carried { get; init; }

    /// <summary>For a round that continues stopped tasks: each task's earlier branch and the head it continues from.</summary>
    public IReadOnlyList<GoalBranch>? Continued { get; init; }

    public IReadOnlyList<GoalGateResult>? Gates { get; init; }

    public IReadOnlyList<GoalReviewFinding>? ReviewFindings { get; init; }

    public IReadOnlyList<string>? Sensitive { get; init; }

    public IReadOnlyList<string>? ApprovedSensitive { get; init; }

    public GoalSettings? Settings { get; init; }

    /// <summary>The tasks of a round (their whole definitions, so a resume needs nothing else).</summary>
    public IReadOnlyList<Omk.Events.Payloads.TeamTaskAcceptedPayload>? Definitions { get; init; }

    public double? Seconds { get; init; }

    public string? PullRequestUrl { get; init; }
}
