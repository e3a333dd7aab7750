namespace Omk.Events.Payloads;

/// <summary><c>goal_budget_exhausted</c>.</summary>
public sealed record GoalBudgetExhaustedPayload(
    string Action,
    string Status,
    string Phase,
    DateTimeOffset RecordedAt,
    string BudgetSource,
    string? BudgetTime,
    long? TotalBudgetSecs,
    long ElapsedSinceCreatedSecs,
    long? RemainingBudgetSecs,
    long? BudgetTokens,
    long UsedTokens,
    long? RemainingBudgetTokens,
    decimal? BudgetUsd,
    decimal EstimatedCostUsd,
    decimal? RemainingBudgetUsd);
