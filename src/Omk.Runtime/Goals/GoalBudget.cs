using Omk.Events;

namespace Omk.Goals;

/// <summary>
/// The one seam between the controller and the budget ledger: folds a goal's log into a <see cref="GoalBudgetState"/>.
/// Limits come from <c>run_started</c> (<c>budget_secs</c>, <c>budget_tokens</c>, <c>budget_usd</c>) and
/// <c>goal_budget_extended</c>; tokens and cost from the <c>task_output</c> usage events; time from the active intervals.
/// </summary>
public static class GoalBudget
{
    public static GoalBudgetState Fold(string eventsPath)
    {
        long? secs = null, tokens = null;
        decimal? usd = null;
        long used = 0, largest = 0;
        decimal cost = 0, largestUsd = 0;
        var events = EventReader.Read(eventsPath).ToList();
        foreach (var e in events)
        {
            if (e.Kind == EventKind.RunStarted && e.Payload is { } started)
            {
                secs = Long(started, "budget_secs");
                tokens = Long(started, "budget_tokens");
                usd = Decimal(started, "budget_usd");
            }
            else if (e.Kind == EventKind.GoalBudgetExtended && e.Payload is { } added)
            {
                secs = Add(secs, Long(added, "added_budget_secs"));
                tokens = Add(tokens, Long(added, "added_budget_tokens"));
                usd = Add(usd, Decimal(added, "added_budget_usd"));
            }
            else if (e.Kind == EventKind.TaskOutput && e.PayloadString("wire_event") == "usage" && e.Payload is { } usage)
            {
                var step = (Long(usage, "input_tokens") ?? 0) + (Long(usage, "output_tokens") ?? 0) + (Long(usage, "cache_read_tokens") ?? 0) + (Long(usage, "cache_creation_tokens") ?? 0);
                var stepUsd = Decimal(usage, "cost_usd") ?? 0;
                used += step;
                cost += stepUsd;
                largest = Math.Max(largest, step);
                largestUsd = Math.Max(largestUsd, stepUsd);
            }
        }

        return new GoalBudgetState(secs, tokens, usd, GoalLog.Fold(events).Active, used, cost) { LargestStepTokens = largest, LargestStepUsd = largestUsd };
    }

    private static long? Add(long? limit, long? added) => added is null ? limit : limit is null ? null : limit + added;

    private static decimal? Add(decimal? limit, decimal? added) => added is null ? limit : limit is null ? null : limit + added;

    private static long? Long(System.Text.Json.JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    private static decimal? Decimal(System.Text.Json.JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Number && v.TryGetDecimal(out var n) ? n : null;
}
