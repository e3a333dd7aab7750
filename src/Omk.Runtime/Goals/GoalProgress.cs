using Omk.Events;
using Omk.Runs;

namespace Omk.Goals;

/// <summary>
/// Where a running goal stands, from its log and its team runs' logs (read while another process writes them): its
/// phase, the tasks planned so far (every round's) and how many of them completed. What a status comment shows while
/// the goal moves.
/// </summary>
public sealed record GoalProgress(string GoalId, string Phase, int TasksDone, int TasksTotal)
{
    /// <summary>The latest goal of the state dir, when it started at or after <paramref name="notBefore"/>; else null.</summary>
    public static GoalProgress? Read(RunStore store, DateTimeOffset notBefore)
    {
        ArgumentNullException.ThrowIfNull(store);
        var pointer = Path.Combine(store.RunsDirectory, LatestGoal.FileName);
        if (!File.Exists(pointer) || store.Find(File.ReadAllText(pointer).Trim()) is not { } run)
        {
            return null;
        }

        var view = GoalLog.Read(run.EventsPath);
        if (view.StartedAt is not { } started || started < notBefore)
        {
            return null;
        }

        var done = 0;
        foreach (var round in view.Rounds.Where(r => r.TeamRunId is not null))
        {
            var log = EventReader.LogPathIn(Path.Combine(store.RunsDirectory, round.TeamRunId!));
            if (File.Exists(log))
            {
                done += EventReader.Read(log).Count(e => e.Kind == EventKind.TaskCompleted);
            }
        }

        // A continue round runs again the tasks of the round a pause, a cancel or the budget stopped: the same tasks.
        var total = view.Rounds.Where(r => r.Kind != "continue").Sum(r => r.Tasks.Count);
        return new GoalProgress(view.GoalId, view.Phase ?? "intake", done, Math.Max(total, view.Plan?.Count ?? 0));
    }

    /// <summary>The goal's state in a few words: <c>planning</c> before a plan, <c>planned</c> until a task is done, then <c>running</c>.</summary>
    public string State => TasksTotal == 0 ? "planning" : TasksDone == 0 ? "planned" : "running";

    public override string ToString() =>
        TasksTotal == 0 ? $"{Phase}: planning" : $"{Phase}: {TasksDone} of {TasksTotal} task(s) done";
}
