using System.CommandLine;
using Omk.Budgets;

namespace Omk.Cli.Commands;

/// <summary>
/// <c>--budget-time D</c>, <c>--budget-tokens N</c>, <c>--budget-usd X</c>: a run's budget (active wall time, tokens of
/// all agent turns, USD at the price table's prices), each optional, each more than zero.
/// </summary>
public sealed class BudgetOptions
{
    private readonly Option<string?> _time = new("--budget-time") { Description = "Budget of active wall time (e.g. 30m; time paused is not counted).", HelpName = "DURATION" };
    private readonly Option<long?> _tokens = new("--budget-tokens") { Description = "Budget of tokens of all agent turns.", HelpName = "N" };
    private readonly Option<decimal?> _usd = new("--budget-usd") { Description = "Budget in USD (tokens at the price table's prices, see docs/goals.md).", HelpName = "X" };

    public IEnumerable<Option> All => [_time, _tokens, _usd];

    public BudgetLimits Parse(ParseResult parse)
    {
        var time = parse.GetValue(_time) is { } text ? TimeoutOption.Parse("--budget-time", text) : (TimeSpan?)null;
        var tokens = parse.GetValue(_tokens);
        if (tokens is <= 0)
        {
            throw new UsageException($"--budget-tokens must be more than zero (got {tokens}).");
        }

        var usd = parse.GetValue(_usd);
        if (usd is <= 0)
        {
            throw new UsageException($"--budget-usd must be more than zero (got {usd?.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
        }

        return new BudgetLimits(time, tokens, usd);
    }

    /// <summary>The price of the agent's tokens: the price table of this environment, for the model it names.</summary>
    public static Agents.TokenPrice Price()
    {
        try
        {
            var table = PriceTableFile.LoadFromEnvironment(Environment.GetEnvironmentVariable);
            return table.For(PriceTable.ModelFromEnvironment(Environment.GetEnvironmentVariable));
        }
        catch (PriceTableException ex)
        {
            throw new UsageException(ex.Message, ex);
        }
    }
}
