using Omk.Budgets;
using Omk.Events;
using Omk.Runs;

namespace Omk.Goals;

/// <summary>
/// The one seam between the controller and the budget ledger: folds a goal's log with <see cref="BudgetLedgerFold"/>,
/// reading the agents' usage from the goal's own log (planner, reviewer) and from the task logs of its team runs.
/// </summary>
public static class GoalBudget
{
    public static BudgetLedger Fold(RunDirectory goal, DateTimeOffset? now = null)
    {
        var store = Path.GetDirectoryName(goal.Path)!;
        var teamRuns = Directory.Exists(goal.StateDirectory)
            ? Directory.EnumerateFiles(goal.StateDirectory, "round-*.team-run").Select(f => File.ReadAllText(f).Trim()).Where(id => id.Length > 0)
            : [];
        var logs = teamRuns
            .Select(id => Path.Combine(store, id, "tasks"))
            .Where(Directory.Exists)
            .SelectMany(tasks => Directory.EnumerateDirectories(tasks).Select(d => Path.Combine(d, EventSchema.FileName)))
            .Where(File.Exists)
            .ToList();
        return BudgetLedgerFold.FoldAsync(goal.EventsPath, new BudgetFoldOptions { UsageLogs = logs, Now = now }, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>The ledger as the proof shows it.</summary>
    public static GoalBudgetState State(BudgetLedger ledger) => new(
        ledger.Limits.Time is { } t ? (long)t.TotalSeconds : null,
        ledger.Limits.Tokens,
        ledger.Limits.Usd,
        ledger.Used.Elapsed,
        ledger.Used.Tokens,
        ledger.Used.Usd);
}
