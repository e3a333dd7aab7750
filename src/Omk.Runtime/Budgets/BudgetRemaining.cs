namespace Omk.Budgets;

/// <summary>What is left of each limited dimension (never below zero); null where the budget is unlimited.</summary>
public sealed record BudgetRemaining(TimeSpan? Time, long? Tokens, decimal? Usd);
