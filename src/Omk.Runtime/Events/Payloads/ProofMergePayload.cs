namespace Omk.Events.Payloads;

/// <summary>
/// A proof folded from the partial proofs of a sharded run (<c>omk proof merge</c>), recorded in <c>run_started</c>:
/// the shard count and gate set they share, each shard merged (index, its run id, the gates it ran), and the shards
/// missing (the merged proof is then <c>partial</c> at best).
/// </summary>
public sealed record ProofMergePayload(int Total, string GateSetHash, IReadOnlyList<MergedShard> Shards, IReadOnlyList<int> MissingShards);
