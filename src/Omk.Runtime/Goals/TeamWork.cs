using Omk.Events;

namespace Omk.Goals;

/// <summary>
/// How long a team run's workers were busy: the union of its tasks' attempts, each from <c>task_started</c> (worktree
/// ready, agent starting) to the attempt's <c>task_completed|task_failed</c> — agent turns, commits and gates.
/// </summary>
public static class TeamWork
{
    public static double BusySeconds(string eventsPath)
    {
        var open = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var intervals = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        foreach (var e in EventReader.Read(eventsPath))
        {
            var task = e.PayloadString("task_id");
            if (task is null)
            {
                continue;
            }

            if (e.Kind == EventKind.TaskStarted)
            {
                open[task] = e.Ts;
            }
            else if ((e.Kind == EventKind.TaskCompleted || e.Kind == EventKind.TaskFailed) && open.Remove(task, out var start))
            {
                intervals.Add((start, e.Ts));
            }
        }

        var total = TimeSpan.Zero;
        DateTimeOffset? from = null, to = null;
        foreach (var (start, end) in intervals.OrderBy(i => i.Start))
        {
            if (to is { } t && start <= t)
            {
                to = end > t ? end : t;
                continue;
            }

            if (from is { } f && to is { } u)
            {
                total += u - f;
            }

            (from, to) = (start, end);
        }

        if (from is { } a && to is { } b)
        {
            total += b - a;
        }

        return Math.Round(total.TotalSeconds, 3);
    }
}
