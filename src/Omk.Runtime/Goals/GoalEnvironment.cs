using Omk.Teams;

namespace Omk.Goals;

/// <summary>
/// What a front door gives the controller: the team-run template (repository, state dir, declared gates, the agent
/// launcher and policy, scheduling options, worktree root), a GitHub token for pull requests, and a progress observer.
/// </summary>
public sealed record GoalEnvironment(TeamRunRequest Team)
{
    public string? GitHubToken { get; init; }

    /// <summary>Receives each line of progress (phases, rounds, the verdict).</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>Receives every event of the goal's own log and of its team runs as they happen.</summary>
    public Action<Omk.Events.Event>? Observer { get; init; }
}
