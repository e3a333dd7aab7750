namespace Omk.Events.Payloads;

/// <summary>One partial proof folded into a merged proof: its shard index, its own run id, and the gates it ran.</summary>
public sealed record MergedShard(int Index, string RunId, IReadOnlyList<string> Gates);
