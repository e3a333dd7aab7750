namespace Omk.Git;

/// <summary>
/// The git tree hash of a work tree as it is on disk, without touching its index or refs. A clean tree is its HEAD's
/// tree (one <c>git rev-parse</c>). A dirty one is written from a copy of the index, in a temporary file:
/// <c>GIT_INDEX_FILE=copy git add -A</c> then <c>git write-tree</c>. The copy keeps the index's stat data, so only
/// changed files are read and hashed; <c>.gitignore</c>d files are left out, as <c>git add -A</c> leaves them out.
/// </summary>
public static class WorkTreeHash
{
    /// <summary>
    /// The content of the work tree containing <paramref name="directory"/>; null outside a work tree or when git cannot
    /// say (an unreadable file, a broken index). <paramref name="dirty"/> false (from a fresh <c>git status</c>) spares the
    /// index copy; null when unknown.
    /// </summary>
    public static async Task<WorkTreeContent?> ComputeAsync(string directory, bool? dirty, CancellationToken cancellationToken = default)
    {
        var git = new GitCli(directory, TimeSpan.FromMinutes(5));
        var facts = await git.RunAsync(
            ["rev-parse", "--path-format=absolute", "--show-toplevel", "--git-common-dir", "--git-path", "index", "HEAD^{tree}"],
            cancellationToken).ConfigureAwait(false);
        var lines = facts.StdoutText.Split('\n', StringSplitOptions.TrimEntries);
        if (lines.Length < 3 || lines[0].Length == 0)
        {
            return null; // not a work tree
        }

        var (topLevel, commonDirectory, index) = (lines[0], lines[1], lines[2]);
        var headTree = facts.Succeeded && lines.Length > 3 && IsObjectId(lines[3]) ? lines[3] : null;
        if (dirty == false && headTree is not null)
        {
            return new WorkTreeContent(topLevel, commonDirectory, headTree);
        }

        var tree = await WriteTreeAsync(new GitCli(topLevel, TimeSpan.FromMinutes(5)), index, copyIndex: true, cancellationToken).ConfigureAwait(false)
            ?? await WriteTreeAsync(new GitCli(topLevel, TimeSpan.FromMinutes(5)), index, copyIndex: false, cancellationToken).ConfigureAwait(false);
        return tree is null ? null : new WorkTreeContent(topLevel, commonDirectory, tree);
    }

    // From a copy of the index (fast: unchanged files are not read), or, should git refuse the copy (a split index
    // whose shared part it cannot find), from an empty one (every file is read).
    private static async Task<string?> WriteTreeAsync(GitCli git, string index, bool copyIndex, CancellationToken cancellationToken)
    {
        var scratch = Path.Combine(Path.GetTempPath(), "omk-index-" + Guid.NewGuid().ToString("N"));
        try
        {
            if (copyIndex && File.Exists(index))
            {
                File.Copy(index, scratch);
            }

            var environment = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = scratch };
            var add = await git.RunAsync(["add", "-A", "--", "."], environment, cancellationToken).ConfigureAwait(false);
            if (!add.Succeeded)
            {
                return null;
            }

            var write = await git.RunAsync(["write-tree"], environment, cancellationToken).ConfigureAwait(false);
            var tree = write.StdoutText.Trim();
            return write.Succeeded && IsObjectId(tree) ? tree : null;
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

    private static bool IsObjectId(string text) => text.Length is 40 or 64 && text.All(char.IsAsciiHexDigitLower);
}
