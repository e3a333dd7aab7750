using Omk.Git;

namespace Omk.Workspaces;

/// <summary>
/// Lists a repository's task worktrees (from <c>git worktree list --porcelain</c> and the directories under its
/// worktree root) and prunes them safely: only clean ones, on their branch, of finished runs, older than a limit.
/// Dirty, detached, unregistered or unexplained worktrees are kept and reported. Leftover worktrees stay visible.
/// </summary>
public sealed class WorktreeCatalog(WorktreePool pool)
{
    /// <summary>Every worktree under the repository's worktree directory.</summary>
    /// <param name="isRunFinished">Whether a run has ended (a run that is still going, or unknown, keeps its worktrees).</param>
    public async Task<IReadOnlyList<WorktreeEntry>> ListAsync(Func<string, bool> isRunFinished, CancellationToken cancellationToken = default)
    {
        var registered = await RegisteredAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<WorktreeEntry>();
        if (!Directory.Exists(pool.Directory))
        {
            return entries;
        }

        foreach (var runDirectory in Directory.EnumerateDirectories(pool.Directory).Order(StringComparer.Ordinal))
        {
            foreach (var path in Directory.EnumerateDirectories(runDirectory).Order(StringComparer.Ordinal))
            {
                var runId = Path.GetFileName(runDirectory);
                var taskId = Path.GetFileName(path);
                var lastModified = new DateTimeOffset(Directory.GetLastWriteTimeUtc(path), TimeSpan.Zero);
                var size = SizeOf(path);
                if (!registered.TryGetValue(Path.GetFullPath(path), out var branch))
                {
                    entries.Add(new WorktreeEntry(runId, taskId, null, path, false, false, size, lastModified, "git does not know it as a worktree (unexplained)"));
                    continue;
                }

                var expected = WorktreeLocation.Branch(runId, taskId);
                var why = await WorktreePool.WhyKeepAsync(path, expected, cancellationToken).ConfigureAwait(false);
                var clean = why is null || !why.Contains("uncommitted", StringComparison.Ordinal);
                if (why is null && !isRunFinished(runId))
                {
                    why = "its run has not finished";
                }

                entries.Add(new WorktreeEntry(runId, taskId, branch, path, true, clean, size, lastModified, why));
            }
        }

        return entries;
    }

    /// <summary>Removes the worktrees that may go and are older than <paramref name="olderThan"/>; with <paramref name="dryRun"/> only says which.</summary>
    public async Task<IReadOnlyList<(WorktreeEntry Entry, bool Removed, string? Reason)>> PruneAsync(
        Func<string, bool> isRunFinished, TimeSpan? olderThan, DateTimeOffset now, bool dryRun, CancellationToken cancellationToken = default)
    {
        var results = new List<(WorktreeEntry, bool, string?)>();
        foreach (var entry in await ListAsync(isRunFinished, cancellationToken).ConfigureAwait(false))
        {
            if (entry.KeepReason is not null)
            {
                results.Add((entry, false, entry.KeepReason));
            }
            else if (olderThan is { } age && now - entry.LastModified < age)
            {
                results.Add((entry, false, $"younger than {age.TotalDays:0.##} day(s)"));
            }
            else if (dryRun)
            {
                results.Add((entry, false, null));
            }
            else
            {
                var (removed, kept) = await pool.RemoveIfCleanAsync(entry.Path, entry.Branch!, cancellationToken).ConfigureAwait(false);
                results.Add((entry, removed, kept));
            }
        }

        if (!dryRun)
        {
            await new GitCli(pool.RepoRoot).RunAsync(["worktree", "prune"], cancellationToken).ConfigureAwait(false);
            foreach (var runDirectory in Directory.Exists(pool.Directory) ? Directory.GetDirectories(pool.Directory) : [])
            {
                if (!Directory.EnumerateFileSystemEntries(runDirectory).Any())
                {
                    Directory.Delete(runDirectory);
                }
            }
        }

        return results;
    }

    /// <summary>Registered worktrees by full path, with their branch (null when detached).</summary>
    private async Task<Dictionary<string, string?>> RegisteredAsync(CancellationToken cancellationToken)
    {
        var list = await new GitCli(pool.RepoRoot).RunAsync(["worktree", "list", "--porcelain", "-z"], cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? current = null;
        foreach (var field in System.Text.Encoding.UTF8.GetString(list.Stdout).Split('\0'))
        {
            if (field.StartsWith("worktree ", StringComparison.Ordinal))
            {
                current = Path.GetFullPath(field["worktree ".Length..]);
                result[current] = null;
            }
            else if (current is not null && field.StartsWith("branch refs/heads/", StringComparison.Ordinal))
            {
                result[current] = field["branch refs/heads/".Length..];
            }
        }

        return result;
    }

    private static long SizeOf(string path)
    {
        long total = 0;
        try
        {
            foreach (var file in new DirectoryInfo(path).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            {
                total += file.Length;
            }
        }
        catch (IOException)
        {
        }

        return total;
    }
}
