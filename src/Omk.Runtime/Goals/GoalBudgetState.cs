namespace Omk.Goals;

/// <summary>
/// A goal's budget as folded from its log: the limits (run start plus extensions) and what was used (active wall time,
/// agents' tokens and cost). <see cref="Check"/> says whether a next step estimated at <paramref name="estimateTokens"/> fits.
/// </summary>
public sealed record GoalBudgetState(long? LimitSecs, long? LimitTokens, decimal? LimitUsd, TimeSpan Elapsed, long Tokens, decimal Usd)
{
    /// <summary>The largest single step so far (an agent turn, a team round): the estimate reserved for the next one.</summary>
    public long LargestStepTokens { get; init; }

    public decimal LargestStepUsd { get; init; }

    public long? RemainingSecs => LimitSecs is { } l ? Math.Max(0, l - (long)Elapsed.TotalSeconds) : null;

    public long? RemainingTokens => LimitTokens is { } l ? Math.Max(0, l - Tokens) : null;

    public decimal? RemainingUsd => LimitUsd is { } l ? Math.Max(0, l - Usd) : null;

    /// <summary>Null when the next step fits; else the source (<c>time</c>, <c>tokens</c>, <c>cost</c>) and why.</summary>
    public (string Source, string Reason)? Check(long estimateTokens, decimal estimateUsd)
    {
        if (LimitSecs is { } secs && Elapsed.TotalSeconds >= secs)
        {
            return ("time", $"the time budget is spent: {(long)Elapsed.TotalSeconds}s used of {secs}s");
        }

        if (LimitTokens is { } tokens && Tokens + estimateTokens > tokens)
        {
            return ("tokens", $"the token budget would be exceeded: {Tokens} used + about {estimateTokens} for the next step > {tokens}");
        }

        if (LimitUsd is { } usd && Usd + estimateUsd > usd)
        {
            return ("cost", $"the cost budget would be exceeded: ${Usd} used + about ${estimateUsd} for the next step > ${usd}");
        }

        return null;
    }
}
