using System.Text;

namespace Omk.Workspaces;

/// <summary>
/// Where task worktrees live and what their branches are called. Worktrees are kept outside the repository's work
/// tree: <c>&lt;root&gt;/&lt;repo key&gt;/&lt;run-id&gt;/&lt;task-id&gt;</c>, the root being <c>--worktree-root</c>, else
/// <c>$XDG_STATE_HOME/omk/worktrees</c>, else <c>~/.local/state/omk/worktrees</c>. Branches are <c>omk/&lt;run-id&gt;/&lt;task-id&gt;</c>.
/// </summary>
public static class WorktreeLocation
{
    public const string BranchPrefix = "omk/";

    /// <summary>The root of every repository's worktrees.</summary>
    public static string DefaultRoot(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var state = environment("XDG_STATE_HOME");
        if (string.IsNullOrWhiteSpace(state))
        {
            state = Path.Combine(environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        }

        return Path.Combine(state, "omk", "worktrees");
    }

    /// <summary>The directory of one repository's worktrees under <paramref name="root"/> (default root when null).</summary>
    public static string RepositoryDirectory(string repoRoot, string? root = null) =>
        Path.Combine(Path.GetFullPath(root ?? DefaultRoot()), RepoKey(repoRoot));

    /// <summary>The repository's folder name and 12 hex digits of the SHA-256 of its full path: readable and unique.</summary>
    public static string RepoKey(string repoRoot)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repoRoot));
        var hash = Storage.ManagedSha256.HashHex(Encoding.UTF8.GetBytes(full))[..12];
        var name = Runs.RunDirectory.FileSafe(Path.GetFileName(full));
        return $"{name}-{hash}";
    }

    public static string Branch(string runId, string taskId) => $"{BranchPrefix}{runId}/{taskId}";
}
