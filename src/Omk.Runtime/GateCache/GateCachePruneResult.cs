namespace Omk.GateCache;

/// <summary>What pruning a results folder found and did: entries kept and removed, with their bytes (entry and log).</summary>
public sealed record GateCachePruneResult(string Directory, int Kept, long KeptBytes, int Removed, long RemovedBytes)
{
    public static GateCachePruneResult None(string directory) => new(directory, 0, 0, 0, 0);
}
