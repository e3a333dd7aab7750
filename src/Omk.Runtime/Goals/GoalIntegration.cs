using Omk.Git;

namespace Omk.Goals;

/// <summary>
/// Merges task branches, in the order given (dependency order), onto the goal's integration head without a checkout:
/// a branch that already contains the head is taken as it is (asked only where it can be, see <c>UnrelatedAsync</c>); otherwise <c>git merge-tree --write-tree</c> and, when it
/// merges cleanly, <c>git commit-tree</c>. The first conflict stops the merging: its tree (with the conflict markers)
/// is committed on top of the head as the start of a conflict task, and the branches not merged yet are carried.
/// </summary>
public sealed class GoalIntegration(string repoRoot)
{
    private readonly GitCli _git = new(repoRoot, TimeSpan.FromMinutes(2));

    public sealed record Outcome(string Head, IReadOnlyList<GoalBranch> Merged, GoalBranch? Conflicted, IReadOnlyList<string> ConflictPaths, string? ConflictCommit, IReadOnlyList<GoalBranch> Carried);

    public async Task<Outcome> MergeAsync(string head, IReadOnlyList<GoalBranch> branches, string goalId, CancellationToken cancellationToken)
    {
        var merged = new List<GoalBranch>();
        var unrelated = await UnrelatedAsync(head, branches, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < branches.Count; i++)
        {
            var branch = branches[i];

            // Branches none of which contains another or the head (each task ends in a commit of its own): after the first
            // step the head is a new merge commit or the first branch, so no later branch is in it or a fast-forward of it.
            var baseOf = unrelated && i > 0
                ? null
                : await _git.RunAsync(["merge-base", head, branch.Head], cancellationToken).ConfigureAwait(false);
            if (baseOf is { Succeeded: true } && baseOf.StdoutText.Trim() == branch.Head)
            {
                merged.Add(branch); // already in the integration
                continue;
            }

            if (baseOf is { Succeeded: true } && baseOf.StdoutText.Trim() == head)
            {
                head = branch.Head;
                merged.Add(branch);
                continue;
            }

            var tree = await _git.RunAsync(["merge-tree", "--write-tree", "--name-only", "--no-messages", head, branch.Head], cancellationToken).ConfigureAwait(false);
            var lines = tree.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (tree.ExitCode == 1 && lines.Length > 0)
            {
                var paths = lines.Skip(1).Distinct(StringComparer.Ordinal).ToList();
                var marked = await CommitAsync(lines[0], head, branch.Head, $"omk goal {goalId}: conflicting merge of task {branch.TaskId} (markers kept for its conflict task)", cancellationToken).ConfigureAwait(false);
                return new Outcome(head, merged, branch, paths, marked, branches.Skip(i + 1).ToList());
            }

            if (!tree.Succeeded || lines.Length == 0)
            {
                throw new GitException($"git merge-tree of task {branch.TaskId} failed (exit {tree.ExitCode}): {tree.Stderr.Trim()}");
            }

            head = await CommitAsync(lines[0], head, branch.Head, $"omk goal {goalId}: merge task {branch.TaskId}", cancellationToken).ConfigureAwait(false);
            merged.Add(branch);
        }

        return new Outcome(head, merged, null, [], null, []);
    }

    /// <summary>
    /// Whether no branch head is reachable from another or from the head (one <c>git merge-base --independent</c>); false
    /// when they are too few for it to save anything, or when git cannot tell.
    /// </summary>
    private async Task<bool> UnrelatedAsync(string head, IReadOnlyList<GoalBranch> branches, CancellationToken cancellationToken)
    {
        var heads = branches.Select(b => b.Head).ToList();
        if (heads.Count < 3 || heads.Distinct(StringComparer.Ordinal).Count() != heads.Count || heads.Contains(head, StringComparer.Ordinal))
        {
            return false;
        }

        var result = await _git.RunAsync(["merge-base", "--independent", head, .. heads], cancellationToken).ConfigureAwait(false);
        var independent = result.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        return result.Succeeded && heads.All(independent.Contains);
    }

    /// <summary>Moves the integration branch to <paramref name="commit"/>, only from where the log says it is (or creates it).</summary>
    public async Task UpdateBranchAsync(string branch, string commit, string? expected, CancellationToken cancellationToken)
    {
        var result = await _git.RunAsync(["update-ref", "refs/heads/" + branch, commit, expected ?? string.Empty], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new GitException($"the integration branch {branch} could not be moved to {commit}: {result.Stderr.Trim()}");
        }
    }

    public async Task<string?> BranchHeadAsync(string branch, CancellationToken cancellationToken)
    {
        var result = await _git.RunAsync(["rev-parse", "--verify", "--quiet", "refs/heads/" + branch], cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.StdoutText.Trim() : null;
    }

    /// <summary>The files changed between two commits.</summary>
    public async Task<IReadOnlyList<string>> ChangedFilesAsync(string from, string to, CancellationToken cancellationToken)
    {
        var diff = await _git.RunAsync(["diff", "--name-only", "--no-renames", "-z", from, to], cancellationToken).ConfigureAwait(false);
        return diff.Succeeded ? System.Text.Encoding.UTF8.GetString(diff.Stdout).Split('\0', StringSplitOptions.RemoveEmptyEntries) : [];
    }

    /// <summary>The diff between two commits, cut to <paramref name="limit"/> characters.</summary>
    public async Task<string> DiffAsync(string from, string to, int limit, CancellationToken cancellationToken)
    {
        var diff = await _git.RunAsync(["diff", "--no-color", "--no-ext-diff", from, to], cancellationToken).ConfigureAwait(false);
        var text = diff.StdoutText;
        return text.Length <= limit ? text : text[..limit] + $"\n… (cut: {text.Length - limit} more characters)";
    }

    private async Task<string> CommitAsync(string tree, string first, string second, string message, CancellationToken cancellationToken)
    {
        var commit = await _git.RunAsync(["commit-tree", tree, "-p", first, "-p", second, "-m", message], cancellationToken).ConfigureAwait(false);
        if (!commit.Succeeded)
        {
            throw new GitException($"git commit-tree failed (exit {commit.ExitCode}): {commit.Stderr.Trim()}");
        }

        return commit.StdoutText.Trim();
    }
}
