namespace Omk.Teams;

/// <summary>
/// A team run folded from its log: whether it has ended (and how), its base commit, when it started and ended, and
/// every task it has heard of, in the order first seen.
/// </summary>
public sealed record TeamView(string RunId)
{
    public bool Started { get; init; }

    /// <summary>The mode <c>run_started</c> recorded: <c>team</c>, or <c>ralph</c>.</summary>
    public string Mode { get; init; } = "team";

    /// <summary><c>completed</c>, <c>failed</c> or null while the run has not ended.</summary>
    public string? Ended { get; init; }

    public string? EndReason { get; init; }

    public bool Interrupted { get; init; }

    /// <summary>A pause was asked and the run stopped at its workers' turn boundaries (<c>team_paused</c>).</summary>
    public bool Paused { get; init; }

    /// <summary>The tasks that continue earlier work, as <c>task_accepted</c> recorded them.</summary>
    public IReadOnlyDictionary<string, TaskContinuation> Continuations { get; init; } = new Dictionary<string, TaskContinuation>(StringComparer.Ordinal);

    public string? BaseCommit { get; init; }

    public string? ProjectDir { get; init; }

    public Events.Payloads.TeamRunSettingsPayload? Settings { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public IReadOnlyList<TeamTaskView> Tasks { get; init; } = [];

    /// <summary>The task definitions the run accepted at its start (<c>task_accepted</c>): a resume needs nothing else.</summary>
    public IReadOnlyList<TeamTask> Definitions { get; init; } = [];

    public TeamTaskView? Task(string id) => Tasks.FirstOrDefault(t => t.Id == id);
}
