using Omk.Runs;
using Omk.Teams;
using Omk.Workspaces;

namespace Omk.Goals;

/// <summary>
/// Continuing stopped work: a round a pause, a cancel or a spent budget stopped goes on as a new round whose unfinished
/// tasks start from their own branches (with what they left uncommitted checkpointed there), and a team run interrupted
/// by a crash goes on in its kept worktrees. Either way the goal's log says which task continues from what.
/// </summary>
public sealed partial class GoalController
{
    /// <summary>
    /// The tasks a stopped round did not finish, each with where it continues: a task that had started continues from its
    /// branch's head (uncommitted changes in its worktree committed there first as a checkpoint; its changes still counted
    /// from its original start); one that had not starts from the branches of the finished tasks it depended on.
    /// </summary>
    private async Task<RoundContinuation> ContinueAsync(GoalRound round, IReadOnlyList<GoalBranch> carried, CancellationToken cancellationToken)
    {
        var done = carried.ToDictionary(b => b.TaskId, StringComparer.Ordinal);
        var store = RunStore.For(Team.RepoRoot, Team.StateRoot);
        var team = round.TeamRunId is { } id && store.Find(id) is { } teamRun ? TeamLog.Read(teamRun.EventsPath) : null;
        var pool = new WorktreePool(Team.RepoRoot, Team.WorktreeRoot);
        var rest = new List<TeamTask>();
        var continuations = new Dictionary<string, TaskContinuation>(StringComparer.Ordinal);
        var branches = new List<GoalBranch>();
        var said = new List<string>();
        foreach (var task in round.Tasks.Where(t => !done.ContainsKey(t.Id)))
        {
            rest.Add(task with { DependsOn = task.DependsOn.Where(d => !done.ContainsKey(d)).ToList() });
            var earlier = round.Continuations.GetValueOrDefault(task.Id);
            if (team?.Task(task.Id) is { Branch: { } branch } view)
            {
                var why = $"round {round.Number} stopped {round.TeamFinished?.Status} while the task was {view.Status}";
                var checkpoint = view.Worktree is null
                    ? new WorktreeCheckpoint(await pool.BranchHeadAsync(branch, cancellationToken).ConfigureAwait(false), false, null)
                    : await pool.CheckpointAsync(view.Worktree, branch, round.TeamRunId!, task.Id, why, cancellationToken).ConfigureAwait(false);
                if (checkpoint.Head is { } head)
                {
                    var notes = new List<string>
                    {
                        $"{why}; its branch {branch} (at {Short(head)}) is checked out here{(checkpoint.Committed ? ", with the changes it had not committed committed as a checkpoint" : string.Empty)}.",
                    };
                    notes.AddRange(view.Findings.Select(f => "earlier: " + f));
                    continuations[task.Id] = new TaskContinuation([head]) { ChangesSince = view.StartCommit ?? earlier?.ChangesSince, Notes = notes };
                    branches.Add(new GoalBranch(task.Id, branch, head));
                    said.Add($"task {task.Id} continues from {branch} at {Short(head)}{(checkpoint.Committed ? " (uncommitted changes checkpointed)" : string.Empty)}{(checkpoint.Kept is { } kept ? $"; its worktree was kept: {kept}" : string.Empty)}");
                    continue;
                }
            }

            // Not started (or its branch is gone): it starts where it would have, from the finished work it depends on.
            var from = (earlier?.From ?? []).Concat(task.DependsOn.Where(done.ContainsKey).Select(d => done[d].Head)).Distinct(StringComparer.Ordinal).ToList();
            if (from.Count > 0)
            {
                continuations[task.Id] = new TaskContinuation(from) { ChangesSince = earlier?.ChangesSince, Notes = earlier?.Notes ?? [] };
            }
        }

        return new RoundContinuation(rest, continuations, branches, said);
    }

    /// <summary>Records, in the goal's log, which tasks of an interrupted team run go on in their kept worktrees.</summary>
    private async Task RecordTeamResumeAsync(GoalContext context, GoalRound round, RunDirectory teamRun)
    {
        var view = TeamLog.Read(teamRun.EventsPath);
        if (view.Ended is not null)
        {
            return;
        }

        var kept = view.Tasks.Where(t => t.Status is TeamTaskStatus.Running or TeamTaskStatus.Pending && t.Worktree is not null && t.Branch is not null).ToList();
        var message = $"round {round.Number}: team run {teamRun.RunId} resumed"
            + (kept.Count == 0 ? string.Empty : $"; {string.Join(", ", kept.Select(t => t.Id))} continue(s) in the kept worktree(s), with what the interrupted attempt left there");
        await StepAsync(context.Sink, context.Factory, new GoalStepPayload("goal_team_resumed", message)
        {
            Round = round.Number,
            TeamRunId = teamRun.RunId.Value,
            Tasks = kept.Select(t => t.Id).ToList(),
        }).ConfigureAwait(false);
        Say(message);
    }

    private static string Short(string commit) => commit[..Math.Min(12, commit.Length)];

    /// <summary>A continue round: its tasks, where they continue from, the earlier branches they continue, and that in words.</summary>
    private sealed record RoundContinuation(
        IReadOnlyList<TeamTask> Rest, IReadOnlyDictionary<string, TaskContinuation> Tasks, IReadOnlyList<GoalBranch> Branches, IReadOnlyList<string> Said);
}
