namespace Omk.Budgets;

/// <summary>What a fold reads besides the run's own log, and the clock for a live run.</summary>
public sealed record BudgetFoldOptions
{
    /// <summary>
    /// More logs whose agent token usage counts (for example the task logs of a team run kept elsewhere). The
    /// <c>tasks/*/events.jsonl</c> beside the run's log are always read.
    /// </summary>
    public IReadOnlyList<string> UsageLogs { get; init; } = [];

    /// <summary>
    /// The present, for a run that is live: its open active interval runs to now instead of to its last event. Null
    /// (the default) for a log read after the fact, where an interrupted run's time ends at its last event.
    /// </summary>
    public DateTimeOffset? Now { get; init; }
}
