namespace Omk.Goals;

/// <summary>A goal's budget in its proof: the limits (null: none) and what was used; what is left follows.</summary>
public sealed record GoalBudgetState(long? LimitSecs, long? LimitTokens, decimal? LimitUsd, TimeSpan Elapsed, long Tokens, decimal Usd)
{
    public long? RemainingSecs => LimitSecs is { } l ? Math.Max(0, l - (long)Elapsed.TotalSeconds) : null;

    public long? RemainingTokens => LimitTokens is { } l ? Math.Max(0, l - Tokens) : null;

    public decimal? RemainingUsd => LimitUsd is { } l ? Math.Max(0, l - Usd) : null;
}
