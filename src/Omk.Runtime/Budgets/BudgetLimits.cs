namespace Omk.Budgets;

/// <summary>What a run may spend: wall time (active time only), tokens and USD. A null dimension is unlimited.</summary>
public sealed record BudgetLimits(TimeSpan? Time, long? Tokens, decimal? Usd)
{
    public static BudgetLimits Unlimited { get; } = new(null, null, null);

    public bool IsUnlimited => Time is null && Tokens is null && Usd is null;

    /// <summary>These limits extended by <paramref name="added"/>: a limited dimension grows; an unlimited one stays unlimited.</summary>
    public BudgetLimits Extend(BudgetLimits added) => new(
        Time is { } time && added.Time is { } moreTime ? time + moreTime : Time,
        Tokens is { } tokens && added.Tokens is { } moreTokens ? tokens + moreTokens : Tokens,
        Usd is { } usd && added.Usd is { } moreUsd ? usd + moreUsd : Usd);
}
