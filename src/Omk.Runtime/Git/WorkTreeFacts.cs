namespace Omk.Git;

/// <summary>
/// Where a work tree's git data is and what its HEAD holds, as <c>git rev-parse --path-format=absolute --show-toplevel
/// --git-common-dir --git-path index HEAD HEAD^{tree}</c> prints them: the top level and the common git directory with
/// symbolic links resolved, the index path, and HEAD's commit and tree (null in a repository without commits).
/// </summary>
public sealed record WorkTreeFacts(string TopLevel, string CommonDirectory, string Index, string? Head, string? HeadTree)
{
    // Variables that change what git reads for these facts; with one set only git answers (GitDiscovery has its own).
    private static readonly string[] LocationVariables = ["GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_NAMESPACE"];

    /// <summary>One <c>git rev-parse</c> in <paramref name="directory"/>; null outside a work tree.</summary>
    public static async Task<WorkTreeFacts?> ReadAsync(string directory, CancellationToken cancellationToken = default)
    {
        var read = await new GitCli(directory, TimeSpan.FromMinutes(5)).RunAsync(
            ["rev-parse", "--path-format=absolute", "--show-toplevel", "--git-common-dir", "--git-path", "index", "HEAD", "HEAD^{tree}"],
            cancellationToken).ConfigureAwait(false);
        var lines = read.StdoutText.Split('\n', StringSplitOptions.TrimEntries);
        if (lines.Length < 3 || lines[0].Length == 0)
        {
            return null; // not a work tree
        }

        // Without commits git prints "HEAD" back and fails: the paths stand, HEAD and its tree are unknown.
        var head = read.Succeeded && lines.Length > 4 && IsObjectId(lines[3]) && IsObjectId(lines[4]) ? lines[3] : null;
        return new WorkTreeFacts(lines[0], lines[1], lines[2], head, head is null ? null : lines[4]);
    }

    /// <summary>
    /// The same paths read from the disk, without git, for the work tree containing <paramref name="directory"/>
    /// (<see cref="GitDiscovery.FindTopLevel"/>, then its <c>.git</c> folder or <c>gitdir:</c> file and the <c>commondir</c>
    /// file of a linked worktree); HEAD and its tree are left unknown. Null whenever the disk is not unambiguous (git's
    /// location variables set, an unreadable or unusual layout): then only git answers.
    /// </summary>
    public static WorkTreeFacts? OnDisk(string directory, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (LocationVariables.Any(v => !string.IsNullOrEmpty(environment(v))) || GitDiscovery.FindTopLevel(directory, environment) is not { } found)
        {
            return null;
        }

        try
        {
            var topLevel = RealPath.Of(found);
            var dotGit = Path.Combine(topLevel, ".git");
            string gitDirectory;
            if (Directory.Exists(dotGit))
            {
                gitDirectory = dotGit;
            }
            else
            {
                var line = File.ReadLines(dotGit).FirstOrDefault() ?? string.Empty;
                if (!line.StartsWith("gitdir:", StringComparison.Ordinal))
                {
                    return null;
                }

                gitDirectory = RealPath.Of(Path.GetFullPath(line["gitdir:".Length..].Trim(), topLevel));
            }

            var commonFile = Path.Combine(gitDirectory, "commondir");
            var common = File.Exists(commonFile)
                ? RealPath.Of(Path.GetFullPath(File.ReadAllText(commonFile).Trim(), gitDirectory))
                : gitDirectory;
            return Directory.Exists(common) && File.Exists(Path.Combine(gitDirectory, "HEAD"))
                ? new WorkTreeFacts(topLevel, common, Path.Combine(gitDirectory, "index"), null, null)
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>True when both name the same work tree, git directory and index (HEAD aside).</summary>
    public bool SameLocation(WorkTreeFacts other) =>
        TopLevel == other.TopLevel && CommonDirectory == other.CommonDirectory && Index == other.Index;

    internal static bool IsObjectId(string text) => text.Length is 40 or 64 && text.All(char.IsAsciiHexDigitLower);
}
