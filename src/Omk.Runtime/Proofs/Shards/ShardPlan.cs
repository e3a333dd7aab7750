namespace Omk.Proofs.Shards;

/// <summary>The gates of each shard (index 0 is shard 1/N), in declaration order, their expected loads and what balanced them.</summary>
public sealed record ShardPlan(IReadOnlyList<IReadOnlyList<string>> Shards, IReadOnlyList<long> Loads, string BalancedBy);
