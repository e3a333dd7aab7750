using Omk.Git;

namespace Omk.GateCache;

/// <summary>
/// HEAD's tree remembered per commit in the repository's result cache (<c>&lt;commit&gt;.head</c>), so that a run on a
/// commit seen before finds its work tree's facts without a <c>git rev-parse</c>: the paths from the disk
/// (<see cref="WorkTreeFacts.OnDisk"/>) and the tree from this memo. A commit's tree never changes (a commit is named by
/// the hash of its content), unless replace refs make git read another commit in its place: where any could exist
/// (<c>refs/replace</c>, a <c>packed-refs</c> line naming one, a reftable, git's replace variables) nothing is remembered or
/// looked up. A tree is remembered only when git's own answer named the same paths as the disk, so both ways key a gate
/// alike; the pruner removes memos a day old (<see cref="GateCachePruner"/>), and the next run asks git again.
/// </summary>
public static class HeadTrees
{
    public const string Extension = ".head";

    private static readonly string[] ReplaceVariables = ["GIT_NO_REPLACE_OBJECTS", "GIT_REPLACE_REF_BASE"];

    /// <summary>
    /// The facts of the work tree containing <paramref name="directory"/>, whose HEAD is <paramref name="head"/> as a
    /// <c>git status</c> just reported it (null: unknown); null outside a work tree.
    /// </summary>
    public static async Task<WorkTreeFacts?> ReadFactsAsync(
        string directory, string? head, Func<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var disk = WorkTreeFacts.OnDisk(directory, environment);
        var memo = disk is null || MayReplaceObjects(disk.CommonDirectory, environment)
            ? null
            : GateResultCache.ForRepository(disk.CommonDirectory, environment).Directory;
        if (memo is not null && head is not null && WorkTreeFacts.IsObjectId(head) && Find(memo, head) is { } tree)
        {
            return disk! with { Head = head, HeadTree = tree };
        }

        var read = await WorkTreeFacts.ReadAsync(directory, cancellationToken).ConfigureAwait(false);
        if (memo is not null && read is { Head: { } commit, HeadTree: { } headTree } && disk!.SameLocation(read))
        {
            Remember(memo, commit, headTree);
        }

        return read;
    }

    private static string? Find(string directory, string commit)
    {
        try
        {
            var tree = File.ReadAllText(Path.Combine(directory, commit + Extension)).Trim();
            return WorkTreeFacts.IsObjectId(tree) ? tree : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Best effort, whole or not at all: staged, then renamed into place.
    private static void Remember(string directory, string commit, string tree)
    {
        var staged = Path.Combine(directory, $"{commit}.{Environment.ProcessId}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(staged, tree + "\n");
            File.Move(staged, Path.Combine(directory, commit + Extension), overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(staged);
            }
            catch (IOException)
            {
            }
        }
    }

    private static bool MayReplaceObjects(string commonDirectory, Func<string, string?> environment)
    {
        if (ReplaceVariables.Any(v => environment(v) is not null)
            || Directory.Exists(Path.Combine(commonDirectory, "refs", "replace"))
            || Directory.Exists(Path.Combine(commonDirectory, "reftable")))
        {
            return true;
        }

        try
        {
            var packed = Path.Combine(commonDirectory, "packed-refs");
            return File.Exists(packed) && File.ReadAllBytes(packed).AsSpan().IndexOf("refs/replace/"u8) >= 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
