namespace Omk.Git;

/// <summary>
/// Finds the work tree containing a directory on disk, the way git discovers it, without starting git (a process
/// costs a command like <c>omk gates list</c> a fifth of its time). It answers only when the disk is unambiguous;
/// otherwise it returns null and the caller asks git (<see cref="GitRepository.OpenAsync"/>).
/// </summary>
public static class GitDiscovery
{
    // Variables that move or bound git's own discovery: with any of them set, only git knows the answer.
    private static readonly string[] DiscoveryVariables =
        ["GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM"];

    /// <summary>
    /// The nearest folder at or above <paramref name="directory"/> holding a <c>.git</c> folder (with a <c>HEAD</c>)
    /// or a <c>.git</c> file (<c>gitdir: …</c>, as in linked worktrees and submodules). Null when none is found,
    /// when the path is inside a <c>.git</c> folder, when git's discovery variables are set, or when the
    /// repository's config moves or removes the work tree (<c>core.worktree</c>, <c>core.bare</c>).
    /// </summary>
    public static string? FindTopLevel(string directory, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (DiscoveryVariables.Any(v => !string.IsNullOrEmpty(environment(v))))
        {
            return null;
        }

        for (var current = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)); !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            if (string.Equals(Path.GetFileName(current), ".git", StringComparison.OrdinalIgnoreCase))
            {
                return null; // inside a repository's own folder: git says "not a work tree"
            }

            var dotGit = Path.Combine(current, ".git");
            if (File.Exists(dotGit))
            {
                return IsGitFile(dotGit) ? current : null;
            }

            if (Directory.Exists(dotGit))
            {
                return IsPlainRepository(dotGit) ? current : null;
            }
        }

        return null;
    }

    private static bool IsGitFile(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            return reader.ReadLine()?.StartsWith("gitdir:", StringComparison.Ordinal) == true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsPlainRepository(string gitDirectory)
    {
        if (!File.Exists(Path.Combine(gitDirectory, "HEAD")))
        {
            return false;
        }

        try
        {
            var config = Path.Combine(gitDirectory, "config");
            if (!File.Exists(config))
            {
                return true;
            }

            foreach (var line in File.ReadLines(config))
            {
                var setting = line.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\t", string.Empty, StringComparison.Ordinal);
                if (setting.Contains("worktree", StringComparison.OrdinalIgnoreCase) || setting.StartsWith("bare=true", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }

            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
