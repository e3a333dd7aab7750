namespace Omk.Git;

/// <summary>
/// The git tree hash of a work tree as it is on disk, without touching its index or refs. A clean tree is its HEAD's
/// tree (one <c>git rev-parse</c>, or none for a commit seen before: <see cref="GateCache.HeadTrees"/>). When the paths <c>git status</c> just reported are known, a dirty tree is HEAD's tree
/// with those paths replaced (<see cref="HeadTreeEdit"/>: no index read or written, no second scan); otherwise, or for
/// unusual paths, it is written from a copy of the index, in a temporary file: <c>git update-index --add --remove</c>
/// of the reported paths, or <c>git add -A</c> (which scans the tree, reading only files whose stat data changed); then
/// <c>git write-tree</c>. <c>.gitignore</c>d files are left out, as git status and <c>git add -A</c> leave them out.
/// </summary>
public static class WorkTreeHash
{
    /// <summary>
    /// The content of the work tree containing <paramref name="directory"/>; null outside a work tree or when git cannot
    /// say (an unreadable file, a broken index). <paramref name="statusPaths"/>: every path a fresh <c>git status</c>
    /// reported, relative to the top level (empty: the tree is clean); null when unknown.
    /// </summary>
    public static Task<WorkTreeContent?> ComputeAsync(string directory, IReadOnlyList<string>? statusPaths, CancellationToken cancellationToken = default) =>
        ComputeAsync(directory, statusPaths, facts: null, cancellationToken);

    /// <summary>
    /// As above, with <paramref name="facts"/> of <paramref name="directory"/> already being read (by <c>omk proof</c>, after
    /// its <c>git status</c>: <see cref="GateCache.HeadTrees"/>, without git for a commit seen before).
    /// </summary>
    public static async Task<WorkTreeContent?> ComputeAsync(
        string directory, IReadOnlyList<string>? statusPaths, Task<WorkTreeFacts?>? facts, CancellationToken cancellationToken = default)
    {
        if (await (facts ?? WorkTreeFacts.ReadAsync(directory, cancellationToken)).ConfigureAwait(false) is not { } read)
        {
            return null; // not a work tree
        }

        var (topLevel, commonDirectory, index, headTree) = (read.TopLevel, read.CommonDirectory, read.Index, read.HeadTree);
        if (statusPaths is { Count: 0 } && headTree is not null)
        {
            return new WorkTreeContent(topLevel, commonDirectory, headTree);
        }

        var top = new GitCli(topLevel, TimeSpan.FromMinutes(5));
        var tree = (statusPaths is not null && headTree is not null ? await HeadTreeEdit.WriteAsync(topLevel, headTree, statusPaths, cancellationToken).ConfigureAwait(false) : null)
            ?? await WriteTreeAsync(top, index, statusPaths, cancellationToken).ConfigureAwait(false)
            ?? await WriteTreeAsync(top, index, null, cancellationToken).ConfigureAwait(false);
        return tree is null ? null : new WorkTreeContent(topLevel, commonDirectory, tree);
    }

    // From a copy of the index, updated with the paths status reported or else with git add -A; should git refuse the
    // copy (a split index whose shared part it cannot find), the caller tries again with add -A.
    private static async Task<string?> WriteTreeAsync(GitCli git, string index, IReadOnlyList<string>? paths, CancellationToken cancellationToken)
    {
        var scratch = Path.Combine(Path.GetTempPath(), "omk-index-" + Guid.NewGuid().ToString("N"));
        try
        {
            if (File.Exists(index))
            {
                File.Copy(index, scratch);
            }

            var environment = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = scratch };
            var add = paths is null
                ? await git.RunAsync(["add", "-A", "--", "."], environment, cancellationToken).ConfigureAwait(false)
                : await git.RunAsync(["update-index", "--add", "--remove", "-z", "--stdin"], environment, string.Concat(paths.Select(p => p + "\0")), cancellationToken).ConfigureAwait(false);
            if (!add.Succeeded)
            {
                return null;
            }

            var write = await git.RunAsync(["write-tree"], environment, cancellationToken).ConfigureAwait(false);
            var tree = write.StdoutText.Trim();
            return write.Succeeded && WorkTreeFacts.IsObjectId(tree) ? tree : null;
        }
        finally
        {
            foreach (var file in new[] { scratch, scratch + ".lock" })
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                }
            }
        }
    }

}
