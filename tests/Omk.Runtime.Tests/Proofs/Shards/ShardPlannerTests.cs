using Omk.Gates;
using Omk.Processes;
using Omk.Proofs.Shards;

namespace Omk.Tests.Proofs.Shards;

public sealed class ShardPlannerTests
{
    private static GateDefinition Gate(string name, params string[] dependsOn) =>
        new() { Name = name, Command = ProcessCommand.Shell("true"), DependsOn = dependsOn };

    [Fact]
    public void Without_history_the_shares_are_stable_by_name_and_cover_every_gate_once()
    {
        var gates = new GateSet(Enumerable.Range(1, 8).Select(i => Gate($"g{i}")).Reverse().ToList(), "test");

        var plan = ShardPlanner.Plan(gates, 4, new Dictionary<string, long>());

        Assert.Equal([["g5", "g1"], ["g6", "g2"], ["g7", "g3"], ["g8", "g4"]], plan.Shards.Select(s => s.ToArray()));
        Assert.Equal("gate names (no recorded durations)", plan.BalancedBy);
        Assert.Equal(plan.Shards, ShardPlanner.Plan(gates, 4, new Dictionary<string, long>()).Shards);
    }

    [Fact]
    public void A_gate_and_what_it_depends_on_stay_in_one_shard()
    {
        var gates = new GateSet([Gate("build"), Gate("test", "build"), Gate("pack", "test"), Gate("lint"), Gate("docs"), Gate("format")], "test");

        var plan = ShardPlanner.Plan(gates, 3, new Dictionary<string, long>());

        var chain = Assert.Single(plan.Shards, s => s.Contains("test"));
        Assert.Equal(["build", "test", "pack"], chain);
        Assert.Equal(6, plan.Shards.Sum(s => s.Count));
    }

    [Fact]
    public void Recorded_durations_balance_four_shards_of_forty_gates_within_fifteen_percent_of_the_ideal()
    {
        var random = new Random(16);
        var durations = Enumerable.Range(1, 40).ToDictionary(i => $"gate{i:00}", _ => (long)random.Next(1_000, 120_000));
        var gates = new GateSet(durations.Keys.Select(n => Gate(n)).ToList(), "test");

        var plan = ShardPlanner.Plan(gates, 4, durations);

        var ideal = durations.Values.Sum() / 4.0;
        var longest = plan.Shards.Max(s => s.Sum(g => durations[g]));
        Assert.True(longest <= 1.15 * ideal, $"longest shard {longest} ms, ideal {ideal} ms");
        Assert.Equal("recorded durations of 40 of 40 gate(s)", plan.BalancedBy);
    }

    [Fact]
    public void A_shard_records_its_share_the_total_and_the_hash_of_the_whole_gate_set()
    {
        var gates = new GateSet([Gate("a"), Gate("b"), Gate("c")], "test");

        var second = ShardPlanner.Select(gates, ShardSpec.Parse("2/2"), new Dictionary<string, long>());

        Assert.Equal(["b"], second.Gates.Select(g => g.Name));
        Assert.Equal(("shard 2/2", "b", "a,c"), (second.Selection!.Filter, string.Join(',', second.Selection.Selected), string.Join(',', second.Selection.NotSelected)));
        Assert.Equal((2, 2, "a,b,c"), (second.Shard!.Index, second.Shard.Total, string.Join(",", second.Shard.AllGates)));
        Assert.Equal(GateSetHash.Compute(gates), second.Shard.GateSetHash);
        Assert.NotEqual(GateSetHash.Compute(gates), GateSetHash.Compute(gates with { Gates = [Gate("a"), Gate("b", "a"), Gate("c")] }));
    }

    [Theory]
    [InlineData("0/4")]
    [InlineData("5/4")]
    [InlineData("2")]
    [InlineData("a/b")]
    [InlineData("1/257")]
    public void A_malformed_shard_is_a_configuration_error_naming_the_option(string text)
    {
        var error = Assert.Throws<GateConfigurationException>(() => ShardSpec.Parse(text));
        Assert.StartsWith($"--shard '{text}': expected I/N", error.Message, StringComparison.Ordinal);
    }
}
