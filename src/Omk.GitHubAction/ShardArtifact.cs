using Omk.Proofs.Shards;
using Omk.Runs;

namespace Omk.GitHubAction;

/// <summary>
/// A shard's partial proof, laid out to travel as an artifact: <c>RUNNER_TEMP/omk-shard-I-of-N/shard-I-of-N/</c> holds a
/// copy of the run directory. The artifact's root is the outer folder, so a merge job that downloads every shard's
/// artifact into one folder (<c>merge-multiple: true</c>) gets one distinct folder per shard, never files over files.
/// </summary>
public static class ShardArtifact
{
    public static string Prepare(RunDirectory run, ShardSpec shard, string tempRoot)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(shard);
        var name = $"shard-{shard.Index}-of-{shard.Total}";
        var outer = Path.Combine(Path.GetFullPath(tempRoot), "omk-" + name);
        var inner = Path.Combine(outer, name);
        if (Directory.Exists(outer))
        {
            Directory.Delete(outer, recursive: true);
        }

        DirectoryCopy.Copy(run.Path, inner, skip: RunLock.FileName);
        return outer;
    }
}
