namespace Omk.Git;

/// <summary>What a run records about the repository when it starts.</summary>
public sealed record GitSnapshot(
    string TopLevel,
    string? Commit,
    string? Branch,
    bool Dirty,
    string? Base,
    string? BaseCommit,
    IReadOnlyList<GitChange> Changes)
{
    /// <summary>
    /// Every path <c>git status</c> reported (staged, modified, deleted, untracked; relative to the top level, whatever
    /// the run's root or base): what differs between HEAD and the work tree, so its tree can be written without a scan.
    /// </summary>
    public IReadOnlyList<string> StatusPaths { get; init; } = [];

    /// <summary>
    /// The <see cref="Git.WorkTreeFacts"/> of the run's root, read after this snapshot's <c>git status</c> with the HEAD it
    /// reported (by <c>omk proof</c>, whose gate keys need them next); null when not read.
    /// </summary>
    public Task<WorkTreeFacts?>? WorkTreeFacts { get; init; }

    /// <summary>
    /// The snapshot as seen from <paramref name="directory"/> (a run's <c>--repo</c> below the git top level): changes
    /// inside it, with paths relative to it (as <c>ctx.RepoRoot</c> and the gates see them); changes outside it are left
    /// out. The same snapshot when the directory is the top level or not below it.
    /// </summary>
    public GitSnapshot Under(string directory)
    {
        var relative = Path.GetRelativePath(TopLevel, directory).Replace('\\', '/');
        if (relative == "." || relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return this;
        }

        var prefix = relative.TrimEnd('/') + "/";
        return this with
        {
            Changes = Changes.Where(c => c.Path.StartsWith(prefix, StringComparison.Ordinal))
                .Select(c => c with { Path = c.Path[prefix.Length..] })
                .ToList(),
        };
    }
}
