using Omk.Teams;

namespace Omk.Ralph;

/// <summary>
/// How a ralph loop ended: <see cref="Status"/> (<c>ready</c>, <c>not_ready</c>, <c>needs_more_budget</c>,
/// <c>blocked_on_human</c>, <c>failed</c>, <c>cancelled</c>), the reason in words, the next command to run when there is
/// one, the rounds that ran, and the team run underneath (its directory, log and proof).
/// </summary>
public sealed record RalphResult(TeamRunResult Run, string Status, string Reason, string? Next, int Rounds)
{
    /// <summary>The task's branch (the agent's work, committed by Omk), or null if it never started.</summary>
    public string? Branch => Task?.Branch;

    /// <summary>The last commit of the loop, or null.</summary>
    public string? Head => Task?.Head;

    /// <summary>The exit code shared by every front door: ready 0, not_ready/failed 1, blocked/needs_more_budget 3, cancelled 130.</summary>
    public int ExitCode => Status switch
    {
        RalphStatus.Ready => 0,
        RalphStatus.NeedsMoreBudget or RalphStatus.BlockedOnHuman => 3,
        RalphStatus.Cancelled => 130,
        _ => 1,
    };

    private TeamTaskView? Task => Run.View.Task(RalphRun.TaskId);
}
