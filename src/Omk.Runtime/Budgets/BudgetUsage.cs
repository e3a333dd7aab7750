namespace Omk.Budgets;

/// <summary>What a run spent (or a turn is expected to spend): active wall time, tokens and USD.</summary>
public sealed record BudgetUsage(TimeSpan Elapsed, long Tokens, decimal Usd)
{
    public static BudgetUsage Zero { get; } = new(TimeSpan.Zero, 0, 0m);

    public BudgetUsage Add(BudgetUsage other) => new(Elapsed + other.Elapsed, Tokens + other.Tokens, Usd + other.Usd);
}
