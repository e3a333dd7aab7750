namespace Omk.Teams;

/// <summary>
/// One claim of a task by a worker, as the worker sees it: the task, the attempt number, the findings of the previous
/// attempt, what the log recorded for a resumed attempt, and the calls that keep the lease alive and report progress.
/// </summary>
public sealed class TaskAttempt
{
    private readonly Action _heartbeat;
    private readonly Func<string, ValueTask> _phase;
    private readonly Func<TaskStart, ValueTask> _started;
    private readonly Func<Agents.TokenUsage, decimal, ValueTask> _tokens;

    internal TaskAttempt(
        TeamTask task, int number, string workerId, IReadOnlyList<string> previousFindings, string? recordedStart,
        IReadOnlyDictionary<string, string> dependencyBranches, Action heartbeat, Func<string, ValueTask> phase, Func<TaskStart, ValueTask> started,
        Func<Agents.TokenUsage, decimal, ValueTask> tokens)
    {
        Task = task;
        Number = number;
        WorkerId = workerId;
        PreviousFindings = previousFindings;
        RecordedStart = recordedStart;
        DependencyBranches = dependencyBranches;
        _heartbeat = heartbeat;
        _phase = phase;
        _started = started;
        _tokens = tokens;
    }

    public TeamTask Task { get; }

    public int Number { get; }

    public string WorkerId { get; }

    public IReadOnlyList<string> PreviousFindings { get; }

    /// <summary>The start commit of an earlier attempt whose worktree is kept (a resumed run), or null.</summary>
    public string? RecordedStart { get; }

    /// <summary>The branches of the task's dependencies (all completed), in the order the task file names them.</summary>
    public IReadOnlyDictionary<string, string> DependencyBranches { get; }

    /// <summary>The agent did something: renews the lease and keeps the watchdog away.</summary>
    public void Heartbeat() => _heartbeat();

    /// <summary>Records the phase the attempt is in (<c>task_output</c>) and renews the lease.</summary>
    public ValueTask PhaseAsync(string phase)
    {
        _heartbeat();
        return _phase(phase);
    }

    /// <summary>Records a turn's tokens in the team's log (<c>task_output</c>, <c>wire_event: "usage"</c>), for the live view.</summary>
    public ValueTask TokensAsync(Agents.TokenUsage usage, decimal costUsd) => _tokens(usage, costUsd);

    /// <summary>Records <c>task_started</c> once the worktree exists.</summary>
    public ValueTask StartedAsync(TaskStart start)
    {
        _heartbeat();
        return _started(start);
    }
}
