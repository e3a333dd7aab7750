using Omk.Agents;
using Omk.Budgets;
using Omk.Testing;

namespace Omk.Tests.Budgets;

public sealed class PriceTableFileTests
{
    [Fact]
    public void A_table_prices_named_models_and_falls_back_to_its_default()
    {
        var table = PriceTableFile.Parse(
            """{"default": {"input": 1, "output": 4}, "models": {"Kimi-K2": {"input": 0.6, "output": 2.5, "cache_read": 0.15, "cache_creation": 0.6}}}""",
            "prices.json");

        Assert.Equal(new TokenPrice(1m, 4m, 0.25m, 1m), table.For(null));
        Assert.Equal(new TokenPrice(1m, 4m, 0.25m, 1m), table.For("other-model"));
        Assert.Equal(new TokenPrice(0.6m, 2.5m, 0.15m, 0.6m), table.For("kimi-k2"));
    }

    [Theory]
    [InlineData("""{"models": {"m": {"input": 1}}}""", "prices.json: 'models.m' needs both 'input' and 'output' (USD per million tokens).")]
    [InlineData("""{"default": {"input": -1, "output": 1}}""", "prices.json: 'default.input' must be a number ≥ 0 (USD per million tokens).")]
    [InlineData("""{"default": {"input": 1, "output": 1, "inputs": 2}}""", "prices.json: 'default': unknown field 'inputs' (allowed: input, output, cache_read, cache_creation).")]
    [InlineData("""{"prices": {}}""", "prices.json: unknown field 'prices' (allowed: default, models).")]
    [InlineData("""[1]""", "prices.json: the price table must be a JSON object with 'default' and 'models'.")]
    public void A_bad_table_is_refused_naming_the_field(string json, string message)
    {
        var ex = Assert.Throws<PriceTableException>(() => PriceTableFile.Parse(json, "prices.json"));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void The_table_is_found_through_OMK_PRICES_then_the_config_home()
    {
        using var dir = new TempDirectory();
        var env = new Dictionary<string, string?> { ["HOME"] = dir.Path };
        Assert.Null(PriceTableFile.Locate(k => env.GetValueOrDefault(k)));
        Assert.Same(PriceTable.Defaults, PriceTableFile.LoadFromEnvironment(k => env.GetValueOrDefault(k)));

        Directory.CreateDirectory(dir.Combine(".config/omk"));
        File.WriteAllText(dir.Combine(".config/omk/prices.json"), """{"default": {"input": 3, "output": 9}}""");
        Assert.Equal(dir.Combine(".config/omk/prices.json"), PriceTableFile.Locate(k => env.GetValueOrDefault(k)));
        Assert.Equal(3m, PriceTableFile.LoadFromEnvironment(k => env.GetValueOrDefault(k)).Default.InputPerMillion);

        env["OMK_PRICES"] = dir.Combine("team-prices.json");
        var missing = Assert.Throws<PriceTableException>(() => PriceTableFile.LoadFromEnvironment(k => env.GetValueOrDefault(k)));
        Assert.StartsWith(dir.Combine("team-prices.json") + ": cannot read the price table", missing.Message);

        Assert.Equal("kimi-k2", PriceTable.ModelFromEnvironment(k => k == "KIMI_MODEL_NAME" ? " kimi-k2 " : null));
        Assert.Null(PriceTable.ModelFromEnvironment(_ => null));
    }
}
