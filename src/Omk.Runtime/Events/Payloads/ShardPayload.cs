namespace Omk.Events.Payloads;

/// <summary>
/// A sharded run (<c>omk proof --shard I/N</c>), recorded in <c>run_started</c>: which share of the declared gates it
/// ran (1-based <see cref="Index"/> of <see cref="Total"/>), the hash of the whole declared gate set, every declared
/// gate in order (what a merge must find exactly once across the shards), and what balanced the shares.
/// </summary>
public sealed record ShardPayload(int Index, int Total, string GateSetHash, IReadOnlyList<string> AllGates, string BalancedBy);
