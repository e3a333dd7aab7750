using System.Text;

namespace Omk.Git;

/// <summary>Read-only questions about a git working tree, answered by the git CLI.</summary>
public sealed class GitRepository
{
    private readonly GitCli _git;

    private GitRepository(string topLevel)
    {
        TopLevel = topLevel;
        _git = new GitCli(topLevel);
    }

    public string TopLevel { get; }

    /// <summary>The repository whose top level is <paramref name="topLevel"/> (not checked).</summary>
    public static GitRepository AtTopLevel(string topLevel) => new(topLevel);

    /// <summary>The repository containing <paramref name="directory"/>, or null if it is not inside a git work tree.</summary>
    public static async Task<GitRepository?> OpenAsync(string directory, CancellationToken cancellationToken = default)
    {
        var result = await new GitCli(directory).RunAsync(["rev-parse", "--show-toplevel"], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return null;
        }

        var top = result.StdoutText.Trim();
        return top.Length == 0 ? null : new GitRepository(top);
    }

    /// <summary>The HEAD commit, or null in a repository without commits.</summary>
    public async Task<string?> HeadAsync(CancellationToken cancellationToken = default)
    {
        var result = await _git.RunAsync(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.StdoutText.Trim() : null;
    }

    /// <summary>The current branch, or null when HEAD is detached.</summary>
    public async Task<string?> BranchAsync(CancellationToken cancellationToken = default)
    {
        var result = await _git.RunAsync(["symbolic-ref", "--short", "-q", "HEAD"], cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.StdoutText.Trim() : null;
    }

    /// <summary>Resolves a ref to a commit; a ref that does not exist is a <see cref="GitException"/> naming it.</summary>
    public async Task<string> ResolveCommitAsync(string reference, CancellationToken cancellationToken = default)
    {
        var result = await _git.RunAsync(["rev-parse", "--verify", "--quiet", "--end-of-options", reference + "^{commit}"], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw await IsShallowAsync(cancellationToken).ConfigureAwait(false)
                ? new GitException($"base ref '{reference}' is beyond the history of this shallow clone ('{TopLevel}'): fetch deeper (git fetch --unshallow, or fetch-depth: 0 in actions/checkout).")
                : new GitException($"base ref '{reference}' is not a commit in '{TopLevel}' (git rev-parse failed{Detail(result)}).");
        }

        return result.StdoutText.Trim();
    }

    /// <summary>True in a shallow clone (history cut off at some depth).</summary>
    public async Task<bool> IsShallowAsync(CancellationToken cancellationToken = default)
    {
        var result = await _git.RunAsync(["rev-parse", "--is-shallow-repository"], cancellationToken).ConfigureAwait(false);
        return result.Succeeded && result.StdoutText.Trim() == "true";
    }

    /// <summary>True when <paramref name="directory"/> is a bare repository or inside a repository's git folder: there is no work tree to verify.</summary>
    public static async Task<bool> IsWithoutWorkTreeAsync(string directory, CancellationToken cancellationToken = default)
    {
        var result = await new GitCli(directory).RunAsync(["rev-parse", "--is-bare-repository", "--is-inside-git-dir"], cancellationToken).ConfigureAwait(false);
        return result.Succeeded && result.StdoutText.Split('\n', StringSplitOptions.TrimEntries).Contains("true");
    }

    /// <summary>Uncommitted changes: <c>git status --porcelain -z</c>, untracked files included, renames as delete + create.</summary>
    public async Task<IReadOnlyList<GitChange>> StatusAsync(CancellationToken cancellationToken = default)
    {
        var result = await _git.RunAsync(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames"], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new GitException($"git status failed in '{TopLevel}'{Detail(result)}.");
        }

        return ParseStatus(result.Stdout);
    }

    /// <summary>
    /// Changes relative to the merge base of <paramref name="baseCommit"/> and HEAD, working tree included
    /// (what a pull request would show, plus uncommitted work), with untracked files from status.
    /// </summary>
    public async Task<IReadOnlyList<GitChange>> ChangesSinceAsync(string baseCommit, CancellationToken cancellationToken = default)
    {
        var mergeBase = await _git.RunAsync(["merge-base", baseCommit, "HEAD"], cancellationToken).ConfigureAwait(false);
        if (!mergeBase.Succeeded && await IsShallowAsync(cancellationToken).ConfigureAwait(false))
        {
            // Diffing against the base itself would report every file it differs in, silently: refuse instead.
            throw new GitException($"base ref '{baseCommit}': this shallow clone's history does not reach its merge base with HEAD: fetch deeper (git fetch --unshallow, or fetch-depth: 0 in actions/checkout).");
        }

        var from = mergeBase.Succeeded ? mergeBase.StdoutText.Trim() : baseCommit;
        var diff = await _git.RunAsync(["diff", "--name-status", "-z", "--no-renames", from, "--"], cancellationToken).ConfigureAwait(false);
        if (!diff.Succeeded)
        {
            throw new GitException($"git diff against '{baseCommit}' failed in '{TopLevel}'{Detail(diff)}.");
        }

        var changes = ParseNameStatus(diff.Stdout).ToDictionary(c => c.Path, StringComparer.Ordinal);
        foreach (var change in await StatusAsync(cancellationToken).ConfigureAwait(false))
        {
            changes.TryAdd(change.Path, change);
        }

        return ByPath(changes);
    }

    /// <summary>Everything a run records about the repository at its start (one <c>git status</c> when there is no base).</summary>
    public async Task<GitSnapshot> SnapshotAsync(string? baseRef, CancellationToken cancellationToken = default)
    {
        var result = await _git.RunAsync(
            ["status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all", "--no-renames"], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new GitException($"git status failed in '{TopLevel}'{Detail(result)}.");
        }

        var (head, branch, status) = ParseStatusV2(result.Stdout);
        string? baseCommit = null;
        IReadOnlyList<GitChange> changes = status;
        if (!string.IsNullOrWhiteSpace(baseRef))
        {
            baseCommit = await ResolveCommitAsync(baseRef, cancellationToken).ConfigureAwait(false);
            if (head is not null)
            {
                changes = await ChangesSinceAsync(baseCommit, cancellationToken).ConfigureAwait(false);
            }
        }

        return new GitSnapshot(TopLevel, head, branch, status.Count > 0, baseRef, baseCommit, changes) { StatusPaths = status.Select(c => c.Path).ToList() };
    }

    // In ordinal path order. A dictionary sorted once, not a SortedDictionary: its tree of KeyValuePair structs is generic code
    // that is JIT-compiled at the first git status of every omk process (about 30 methods), where this is compiled ahead.
    private static List<GitChange> ByPath(Dictionary<string, GitChange> changes)
    {
        var sorted = new List<GitChange>(changes.Values);
        sorted.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return sorted;
    }

    internal static IReadOnlyList<GitChange> ParseStatus(byte[] output)
    {
        var changes = new Dictionary<string, GitChange>(StringComparer.Ordinal);
        foreach (var entry in SplitNul(output))
        {
            if (entry.Length < 4)
            {
                continue;
            }

            var x = entry[0];
            var y = entry[1];
            var path = entry[3..];
            var operation = (x, y) switch
            {
                ('?', '?') => "created",
                ('!', '!') => null,
                _ when x == 'D' || y == 'D' => "deleted",
                _ when x is 'A' or 'C' => "created",
                _ => "modified",
            };
            if (operation is not null)
            {
                changes[path] = new GitChange(path, operation);
            }
        }

        return ByPath(changes);
    }

    // porcelain v2: "# branch.oid <sha>|(initial)", "# branch.head <name>|(detached)", "1 XY ... <path>",
    // "u XY ... <path>", "? <path>", "! <path>" (renames are off, so no "2" entries).
    internal static (string? Head, string? Branch, IReadOnlyList<GitChange> Changes) ParseStatusV2(byte[] output)
    {
        string? head = null, branch = null;
        var changes = new Dictionary<string, GitChange>(StringComparer.Ordinal);
        foreach (var entry in SplitNul(output))
        {
            if (entry.StartsWith("# branch.oid ", StringComparison.Ordinal))
            {
                var oid = entry["# branch.oid ".Length..];
                head = oid == "(initial)" ? null : oid;
            }
            else if (entry.StartsWith("# branch.head ", StringComparison.Ordinal))
            {
                var name = entry["# branch.head ".Length..];
                branch = name == "(detached)" ? null : name;
            }
            else if (entry.StartsWith("? ", StringComparison.Ordinal))
            {
                changes[entry[2..]] = new GitChange(entry[2..], "created");
            }
            else if (entry.Length > 4 && entry[0] is '1' or 'u')
            {
                // "1 XY sub mH mI mW hH hI path" (8 fields before the path), "u XY sub m1 m2 m3 mW h1 h2 h3 path" (10).
                var fields = entry[0] == '1' ? 8 : 10;
                var parts = entry.Split(' ', fields + 1);
                if (parts.Length <= fields)
                {
                    continue;
                }

                var x = parts[1][0];
                var y = parts[1][1];
                var path = parts[fields];
                var operation = x == 'D' || y == 'D' ? "deleted" : x is 'A' or 'C' ? "created" : "modified";
                changes[path] = new GitChange(path, operation);
            }
        }

        return (head, branch, ByPath(changes));
    }

    internal static IReadOnlyList<GitChange> ParseNameStatus(byte[] output)
    {
        var parts = SplitNul(output).ToList();
        var changes = new List<GitChange>();
        for (var i = 0; i + 1 < parts.Count; i += 2)
        {
            var status = parts[i];
            var path = parts[i + 1];
            var operation = status.Length == 0 ? "modified" : status[0] switch
            {
                'A' or 'C' => "created",
                'D' => "deleted",
                _ => "modified",
            };
            changes.Add(new GitChange(path, operation));
        }

        return changes;
    }

    private static IEnumerable<string> SplitNul(byte[] output)
    {
        var start = 0;
        for (var i = 0; i < output.Length; i++)
        {
            if (output[i] == 0)
            {
                if (i > start)
                {
                    yield return Encoding.UTF8.GetString(output, start, i - start);
                }

                start = i + 1;
            }
        }

        if (start < output.Length)
        {
            yield return Encoding.UTF8.GetString(output, start, output.Length - start);
        }
    }

    private static string Detail(GitCommandResult result)
    {
        var text = result.Stderr.Trim();
        return text.Length == 0 ? string.Empty : ": " + text.Split('\n')[0];
    }
}
