namespace Omk.Goals;

/// <summary><c>goal_budget_extended</c>: what was added (and the limits before and after; null where there is no limit).</summary>
public sealed record GoalBudgetExtendedPayload(
    long? AddedBudgetSecs,
    long? AddedBudgetTokens,
    decimal? AddedBudgetUsd,
    long? PreviousBudgetSecs,
    long? PreviousBudgetTokens,
    decimal? PreviousBudgetUsd,
    long? NewBudgetSecs,
    long? NewBudgetTokens,
    decimal? NewBudgetUsd);
