namespace Omk.Budgets;

/// <summary>
/// Whether a turn may start. <see cref="Source"/> names the dimension that refused (<c>time</c>, <c>tokens</c> or
/// <c>cost</c>, as in <c>goal_budget_exhausted</c>'s <c>budget_source</c>), null when allowed; <see cref="Reason"/>
/// says why in words.
/// </summary>
public sealed record BudgetCheck(bool Allowed, string? Source, string Reason)
{
    public const string TimeSource = "time";
    public const string TokensSource = "tokens";
    public const string CostSource = "cost";
}
