namespace Omk.Budgets;

/// <summary>
/// A run's budget as folded from its event log (<see cref="BudgetLedgerFold"/>): the limits (with extensions), what the
/// run used so far (active wall time, tokens, USD) and the agent turns seen, so the next turn can be estimated and
/// checked before it is dispatched. Immutable: fold again (or <see cref="Record"/>) to see new spending.
/// </summary>
public sealed class BudgetLedger
{
    /// <summary>Tokens reserved for a turn before any turn was seen: 18,000 input and 2,000 output tokens.</summary>
    public const long DefaultTurnTokens = 20_000;

    /// <summary>USD reserved for a turn before any turn was seen: <see cref="DefaultTurnTokens"/> at the default price.</summary>
    public static readonly decimal DefaultTurnUsd = Agents.TokenPrice.Default.InputPerMillion * 18_000 / 1_000_000m
        + Agents.TokenPrice.Default.OutputPerMillion * 2_000 / 1_000_000m;

    public BudgetLedger(BudgetLimits limits, BudgetUsage used, int turns = 0, BudgetUsage? turnUsage = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(turns);
        Limits = limits;
        Used = used;
        Turns = turns;
        TurnUsage = turnUsage ?? BudgetUsage.Zero;
    }

    public BudgetLimits Limits { get; }

    /// <summary>Lines of the folded logs that could not be read (malformed, torn, newer schema): spending they held is missing.</summary>
    public long DamagedLines { get; init; }

    public BudgetUsage Used { get; }

    /// <summary>Agent turns that ended (a turn's end is its agent's <c>task_completed</c> or <c>task_failed</c>).</summary>
    public int Turns { get; }

    /// <summary>Tokens, USD and active time spent by the <see cref="Turns"/> turns (the basis of the estimate).</summary>
    public BudgetUsage TurnUsage { get; }

    public BudgetRemaining Remaining => new(
        Limits.Time is { } time ? Max(time - Used.Elapsed, TimeSpan.Zero) : null,
        Limits.Tokens is { } tokens ? Math.Max(tokens - Used.Tokens, 0) : null,
        Limits.Usd is { } usd ? Math.Max(usd - Used.Usd, 0m) : null);

    /// <summary>
    /// What the next turn is expected to spend: the mean of the turns seen so far (tokens, USD and active time rounded
    /// up); before any turn <see cref="DefaultTurnTokens"/> tokens, <see cref="DefaultTurnUsd"/> and no time.
    /// </summary>
    public BudgetUsage EstimateNextTurn()
    {
        if (Turns == 0)
        {
            return new BudgetUsage(TimeSpan.Zero, DefaultTurnTokens, DefaultTurnUsd);
        }

        return new BudgetUsage(
            TimeSpan.FromTicks((TurnUsage.Elapsed.Ticks + Turns - 1) / Turns),
            (TurnUsage.Tokens + Turns - 1) / Turns,
            decimal.Round(TurnUsage.Usd / Turns, 6, MidpointRounding.AwayFromZero));
    }

    /// <summary>Whether something is left in every limited dimension (a used-up budget refuses even a free step).</summary>
    public BudgetCheck Check() => CanAfford(BudgetUsage.Zero);

    /// <summary>
    /// Whether a turn costing <paramref name="estimate"/> fits: every limited dimension must have something left and
    /// room for the estimate (reaching the limit exactly is allowed). Dimensions are checked as time, tokens, cost.
    /// </summary>
    public BudgetCheck CanAfford(BudgetUsage estimate)
    {
        if (Limits.Time is { } time)
        {
            if (Used.Elapsed >= time)
            {
                return Refuse(BudgetCheck.TimeSource, $"the time budget is used up: {BudgetText.Duration(Used.Elapsed)} of {BudgetText.Duration(time)}");
            }

            if (Used.Elapsed + estimate.Elapsed > time)
            {
                return Refuse(BudgetCheck.TimeSource,
                    $"the next turn (~{BudgetText.Duration(estimate.Elapsed)}) would exceed the time budget: {BudgetText.Duration(Used.Elapsed)} of {BudgetText.Duration(time)} used");
            }
        }

        if (Limits.Tokens is { } tokens)
        {
            if (Used.Tokens >= tokens)
            {
                return Refuse(BudgetCheck.TokensSource, $"the token budget is used up: {BudgetText.Tokens(Used.Tokens)} of {BudgetText.Tokens(tokens)}");
            }

            if (Used.Tokens + estimate.Tokens > tokens)
            {
                return Refuse(BudgetCheck.TokensSource,
                    $"the next turn (~{BudgetText.Tokens(estimate.Tokens)} tokens) would exceed the token budget: {BudgetText.Tokens(Used.Tokens)} of {BudgetText.Tokens(tokens)} used");
            }
        }

        if (Limits.Usd is { } usd)
        {
            if (Used.Usd >= usd)
            {
                return Refuse(BudgetCheck.CostSource, $"the cost budget is used up: {BudgetText.Usd(Used.Usd)} of {BudgetText.Usd(usd)}");
            }

            if (Used.Usd + estimate.Usd > usd)
            {
                return Refuse(BudgetCheck.CostSource,
                    $"the next turn (~{BudgetText.Usd(estimate.Usd)}) would exceed the cost budget: {BudgetText.Usd(Used.Usd)} of {BudgetText.Usd(usd)} used");
            }
        }

        return new BudgetCheck(true, null, Limits.IsUnlimited ? "no budget set" : $"within budget: {Describe()}");
    }

    /// <summary>This ledger with <paramref name="spent"/> added (an ended turn when <paramref name="endsTurn"/>).</summary>
    public BudgetLedger Record(BudgetUsage spent, bool endsTurn) =>
        new(Limits, Used.Add(spent), endsTurn ? Turns + 1 : Turns, endsTurn ? TurnUsage.Add(spent) : TurnUsage) { DamagedLines = DamagedLines };

    /// <summary>This ledger with its limits extended (see <see cref="BudgetLimits.Extend"/>).</summary>
    public BudgetLedger Extend(BudgetLimits added) => new(Limits.Extend(added), Used, Turns, TurnUsage) { DamagedLines = DamagedLines };

    /// <summary>Used against each limit in words, e.g. <c>12m 30s of 30m 00s, 48,500 of 50,000 tokens, $0.41 of $1.00</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>(3)
        {
            Limits.Time is { } time ? $"{BudgetText.Duration(Used.Elapsed)} of {BudgetText.Duration(time)}" : $"{BudgetText.Duration(Used.Elapsed)}",
            Limits.Tokens is { } tokens ? $"{BudgetText.Tokens(Used.Tokens)} of {BudgetText.Tokens(tokens)} tokens" : $"{BudgetText.Tokens(Used.Tokens)} tokens",
            Limits.Usd is { } usd ? $"{BudgetText.Usd(Used.Usd)} of {BudgetText.Usd(usd)}" : BudgetText.Usd(Used.Usd),
        };
        return string.Join(", ", parts);
    }

    private static BudgetCheck Refuse(string source, string reason) => new(false, source, reason);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
