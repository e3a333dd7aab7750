namespace Omk.Events.Payloads;

/// <summary>
/// <c>goal_budget_extended</c>: the limits before, what was added and the limits after, per dimension (absent when the
/// dimension is unlimited or untouched). The budget ledger takes <c>new_budget_*</c> when present, else adds
/// <c>added_budget_*</c> to what it had: the new limit is the old one plus what was added (never the original's
/// <c>max(old, spent) + added</c>).
/// </summary>
public sealed record GoalBudgetExtendedPayload(
    long? PreviousBudgetSecs = null,
    long? AddedBudgetSecs = null,
    long? NewBudgetSecs = null,
    long? PreviousBudgetTokens = null,
    long? AddedBudgetTokens = null,
    long? NewBudgetTokens = null,
    decimal? PreviousBudgetUsd = null,
    decimal? AddedBudgetUsd = null,
    decimal? NewBudgetUsd = null,
    string? PreviousBudgetTime = null,
    string? AddedBudgetTime = null,
    string? NewBudgetTime = null);
