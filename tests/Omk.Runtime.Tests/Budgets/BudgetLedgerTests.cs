using Omk.Budgets;

namespace Omk.Tests.Budgets;

public sealed class BudgetLedgerTests
{
    private static BudgetLedger Ledger(BudgetLimits limits, BudgetUsage used) => new(limits, used);

    [Fact]
    public void A_turn_that_reaches_the_token_limit_exactly_is_allowed_one_token_more_is_not()
    {
        var ledger = Ledger(new BudgetLimits(null, 50_000, null), new BudgetUsage(TimeSpan.Zero, 48_500, 0m));

        Assert.True(ledger.CanAfford(new BudgetUsage(TimeSpan.Zero, 1_500, 0m)).Allowed);

        var refused = ledger.CanAfford(new BudgetUsage(TimeSpan.Zero, 12_000, 0m));
        Assert.False(refused.Allowed);
        Assert.Equal("tokens", refused.Source);
        Assert.Equal("the next turn (~12,000 tokens) would exceed the token budget: 48,500 of 50,000 used", refused.Reason);
        Assert.False(ledger.CanAfford(new BudgetUsage(TimeSpan.Zero, 1_501, 0m)).Allowed);
    }

    [Fact]
    public void A_used_up_budget_refuses_even_a_free_turn()
    {
        var tokens = Ledger(new BudgetLimits(null, 50_000, null), new BudgetUsage(TimeSpan.Zero, 50_000, 0m));
        var check = tokens.Check();
        Assert.False(check.Allowed);
        Assert.Equal("tokens", check.Source);
        Assert.Equal("the token budget is used up: 50,000 of 50,000", check.Reason);
        Assert.Equal(0, tokens.Remaining.Tokens);

        var over = Ledger(new BudgetLimits(null, null, 1m), new BudgetUsage(TimeSpan.Zero, 0, 1.5m));
        Assert.Equal("cost", over.Check().Source);
        Assert.Equal(0m, over.Remaining.Usd);
    }

    [Fact]
    public void Time_is_checked_first_then_tokens_then_cost()
    {
        var ledger = Ledger(
            new BudgetLimits(TimeSpan.FromMinutes(30), 1_000, 1m),
            new BudgetUsage(TimeSpan.FromMinutes(29), 900, 0.95m));

        var all = ledger.CanAfford(new BudgetUsage(TimeSpan.FromMinutes(2), 200, 0.10m));
        Assert.Equal("time", all.Source);
        Assert.Equal("the next turn (~2m 00s) would exceed the time budget: 29m 00s of 30m 00s used", all.Reason);

        Assert.Equal("tokens", ledger.CanAfford(new BudgetUsage(TimeSpan.FromMinutes(1), 200, 0.10m)).Source);

        var cost = ledger.CanAfford(new BudgetUsage(TimeSpan.FromMinutes(1), 100, 0.10m));
        Assert.Equal("cost", cost.Source);
        Assert.Equal("the next turn (~$0.10) would exceed the cost budget: $0.95 of $1.00 used", cost.Reason);

        var fits = ledger.CanAfford(new BudgetUsage(TimeSpan.FromMinutes(1), 100, 0.05m));
        Assert.True(fits.Allowed);
        Assert.Null(fits.Source);
        Assert.Equal("within budget: 29m 00s of 30m 00s, 900 of 1,000 tokens, $0.95 of $1.00", fits.Reason);
    }

    [Fact]
    public void Recording_and_extending_move_the_ledger_on()
    {
        var ledger = Ledger(new BudgetLimits(null, 10_000, null), BudgetUsage.Zero)
            .Record(new BudgetUsage(TimeSpan.FromSeconds(5), 4_000, 0.01m), endsTurn: true)
            .Record(new BudgetUsage(TimeSpan.FromSeconds(1), 6_000, 0.02m), endsTurn: true);

        Assert.False(ledger.Check().Allowed);
        Assert.Equal(5_000, ledger.EstimateNextTurn().Tokens);

        var extended = ledger.Extend(new BudgetLimits(TimeSpan.FromMinutes(1), 5_000, 1m));
        Assert.Equal(new BudgetLimits(null, 15_000, null), extended.Limits);
        Assert.True(extended.CanAfford(extended.EstimateNextTurn()).Allowed);
        Assert.False(extended.CanAfford(new BudgetUsage(TimeSpan.Zero, 5_001, 0m)).Allowed);
    }
}
