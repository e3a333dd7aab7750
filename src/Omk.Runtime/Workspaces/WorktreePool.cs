using Omk.Git;

namespace Omk.Workspaces;

/// <summary>
/// Creates, commits and removes task worktrees of one repository with the git CLI. A task without dependencies starts
/// from the run's base commit; a task with dependencies starts from the merge of their branches, made without a
/// checkout (<c>git merge-tree --write-tree</c> + <c>git commit-tree</c>). A worktree is removed only when it is clean
/// and its HEAD is its branch: work is never lost.
/// </summary>
public sealed class WorktreePool
{
    private readonly GitCli _repo;

    // git reads every worktree's admin folder while adding or removing one: concurrent adds in one repository fail
    // ("failed to read .git/worktrees/<x>/commondir"). Those steps are serialized; the checkout is not.
    private readonly SemaphoreSlim _admin = new(1, 1);

    public WorktreePool(string repoRoot, string? worktreeRoot = null)
    {
        RepoRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repoRoot));
        Directory = WorktreeLocation.RepositoryDirectory(RepoRoot, worktreeRoot);
        _repo = new GitCli(RepoRoot, TimeSpan.FromMinutes(2));
    }

    public string RepoRoot { get; }

    /// <summary>This repository's worktree directory: <c>&lt;root&gt;/&lt;repo key&gt;</c>.</summary>
    public string Directory { get; }

    public string PathFor(string runId, string taskId) => Path.Combine(Directory, runId, taskId);

    /// <summary>
    /// The task's worktree on <c>omk/&lt;run&gt;/&lt;task&gt;</c>, created from <paramref name="baseCommit"/> or from the merge of
    /// <paramref name="dependencyBranches"/>. When it exists already (a resumed run) it is reused as it is.
    /// </summary>
    /// <param name="recordedStart">The start commit the log recorded for this task (a resumed run): an existing worktree is kept with it.</param>
    /// <exception cref="MergeConflictException">The dependencies' branches conflict.</exception>
    public async Task<TaskWorkspace> CreateAsync(
        string runId,
        string taskId,
        string baseCommit,
        IReadOnlyList<string> dependencyBranches,
        string? recordedStart = null,
        CancellationToken cancellationToken = default)
    {
        var branch = WorktreeLocation.Branch(runId, taskId);
        var path = PathFor(runId, taskId);
        if (recordedStart is not null && File.Exists(Path.Combine(path, ".git")))
        {
            return new TaskWorkspace(runId, taskId, branch, path, recordedStart);
        }

        var start = await StartCommitAsync(taskId, baseCommit, dependencyBranches, cancellationToken).ConfigureAwait(false);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // A new branch first (the usual case); an existing one (a resumed run whose worktree was removed) is attached.
        // Without a checkout while serialized; the files are checked out in the worktree, in parallel with other tasks.
        await _admin.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var add = await _repo.RunAsync(["worktree", "add", "--quiet", "--no-checkout", "-b", branch, path, start], cancellationToken).ConfigureAwait(false);
            if (!add.Succeeded && add.Stderr.Contains("already exists", StringComparison.Ordinal) && !System.IO.Directory.Exists(path))
            {
                add = await _repo.RunAsync(["worktree", "add", "--quiet", "--no-checkout", path, branch], cancellationToken).ConfigureAwait(false);
            }

            Check(add, $"git worktree add for task '{taskId}'");
        }
        finally
        {
            _admin.Release();
        }

        Check(await new GitCli(path, TimeSpan.FromMinutes(5)).RunAsync(["reset", "--hard", "--quiet"], cancellationToken).ConfigureAwait(false), $"git checkout of task '{taskId}'");
        return new TaskWorkspace(runId, taskId, branch, path, start);
    }

    /// <summary>The commit a task starts from: the base, or the merge of its dependencies' branches (made once, deterministic).</summary>
    private async Task<string> StartCommitAsync(string taskId, string baseCommit, IReadOnlyList<string> dependencyBranches, CancellationToken cancellationToken)
    {
        if (dependencyBranches.Count == 0)
        {
            return baseCommit;
        }

        var merged = await ResolveAsync(dependencyBranches[0], cancellationToken).ConfigureAwait(false);
        foreach (var next in dependencyBranches.Skip(1))
        {
            var head = await ResolveAsync(next, cancellationToken).ConfigureAwait(false);
            var tree = await _repo.RunAsync(["merge-tree", "--write-tree", "--name-only", "--no-messages", merged, head], cancellationToken).ConfigureAwait(false);
            var lines = tree.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (tree.ExitCode == 1)
            {
                var paths = lines.Skip(1).Distinct(StringComparer.Ordinal).ToList();
                throw new MergeConflictException(
                    $"the branches task '{taskId}' depends on conflict in {string.Join(", ", paths)}", paths);
            }

            Check(tree, $"git merge-tree for task '{taskId}'");
            var commit = await _repo.RunAsync(
                ["commit-tree", lines[0], "-p", merged, "-p", head, "-m", $"omk: merge the dependencies of {taskId}"], cancellationToken).ConfigureAwait(false);
            Check(commit, $"git commit-tree for task '{taskId}'");
            merged = commit.StdoutText.Trim();
        }

        return merged;
    }

    /// <summary>
    /// Commits everything the agent left in the worktree on the task branch (author from git config) with the
    /// <c>Omk-Run:</c> and <c>Omk-Task:</c> trailers, on top of the commits the agent made itself. The commit is made even
    /// when nothing is left to commit (empty), so every task branch ends in a commit that names its run and task.
    /// </summary>
    public async Task<WorktreeCommit> CommitAsync(TaskWorkspace workspace, string subject, CancellationToken cancellationToken = default)
    {
        var git = new GitCli(workspace.Path, TimeSpan.FromMinutes(2));
        Check(await git.RunAsync(["add", "-A"], cancellationToken).ConfigureAwait(false), $"git add in '{workspace.Path}'");
        var message = $"{subject}\n\nOmk-Run: {workspace.RunId}\nOmk-Task: {workspace.TaskId}\n";
        Check(await git.RunAsync(["commit", "--quiet", "--allow-empty", "--no-verify", "-m", message], cancellationToken).ConfigureAwait(false), $"git commit in '{workspace.Path}'");
        var head = await HeadOfAsync(git, cancellationToken).ConfigureAwait(false);
        var diff = await git.RunAsync(["diff", "--name-only", "--no-renames", "-z", workspace.BaseCommit, head], cancellationToken).ConfigureAwait(false);
        Check(diff, $"git diff in '{workspace.Path}'");
        var files = System.Text.Encoding.UTF8.GetString(diff.Stdout).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        return new WorktreeCommit(head, files);
    }

    /// <summary>
    /// Keeps what an interrupted task left in its worktree: uncommitted changes (untracked files too, ignored ones not)
    /// are committed on its branch as a checkpoint (trailers <c>Omk-Run:</c>, <c>Omk-Task:</c>, <c>Omk-Checkpoint:</c>
    /// with <paramref name="why"/>), then the clean worktree is removed (its branch keeps the work). A worktree whose
    /// HEAD is not on its branch is left as it is, with the reason. Returns the branch head afterwards.
    /// </summary>
    public async Task<WorktreeCheckpoint> CheckpointAsync(string path, string branch, string runId, string taskId, string why, CancellationToken cancellationToken = default)
    {
        var committed = false;
        string? kept = null;
        if (System.IO.Directory.Exists(path))
        {
            var git = new GitCli(path, TimeSpan.FromMinutes(2));
            var status = await git.RunAsync(["status", "--porcelain=v2", "--branch", "--untracked-files=all"], cancellationToken).ConfigureAwait(false);
            var lines = status.Succeeded ? status.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
            var head = lines.FirstOrDefault(l => l.StartsWith("# branch.head ", StringComparison.Ordinal))?["# branch.head ".Length..];
            if (!status.Succeeded || head != branch)
            {
                kept = status.Succeeded ? $"its HEAD is not on its branch {branch}; left as it was" : "git status failed: " + status.Stderr.Trim();
            }
            else
            {
                if (lines.Any(l => !l.StartsWith('#')))
                {
                    Check(await git.RunAsync(["add", "-A"], cancellationToken).ConfigureAwait(false), $"git add in '{path}'");
                    var message = $"omk: checkpoint of task {taskId} ({why})\n\nOmk-Run: {runId}\nOmk-Task: {taskId}\nOmk-Checkpoint: {why}\n";
                    Check(await git.RunAsync(["commit", "--quiet", "--no-verify", "-m", message], cancellationToken).ConfigureAwait(false), $"git commit in '{path}'");
                    committed = true;
                }

                var (_, notRemoved) = await RemoveIfCleanAsync(path, branch, cancellationToken).ConfigureAwait(false);
                kept = notRemoved;
            }
        }

        return new WorktreeCheckpoint(await BranchHeadAsync(branch, cancellationToken).ConfigureAwait(false), committed, kept);
    }

    /// <summary>The commit a branch points to, or null when it does not exist.</summary>
    public async Task<string?> BranchHeadAsync(string branch, CancellationToken cancellationToken = default)
    {
        var result = await _repo.RunAsync(["rev-parse", "--verify", "--quiet", "refs/heads/" + branch], cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.StdoutText.Trim() : null;
    }

    /// <summary>
    /// Removes the worktree when it is clean and on its branch (its commits stay on the branch); otherwise keeps it and
    /// says why. True when removed.
    /// </summary>
    public async Task<(bool Removed, string? Kept)> RemoveIfCleanAsync(string path, string branch, CancellationToken cancellationToken = default)
    {
        var why = await WhyKeepAsync(path, branch, cancellationToken).ConfigureAwait(false);
        if (why is not null)
        {
            return (false, why);
        }

        await _admin.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var remove = await _repo.RunAsync(["worktree", "remove", path], cancellationToken).ConfigureAwait(false);
            return remove.Succeeded ? (true, null) : (false, "git worktree remove refused: " + remove.Stderr.Trim());
        }
        finally
        {
            _admin.Release();
        }
    }

    /// <summary>Why a worktree must be kept (uncommitted work, not on its branch), or null when it may go.</summary>
    public static async Task<string?> WhyKeepAsync(string path, string branch, CancellationToken cancellationToken = default)
    {
        if (!System.IO.Directory.Exists(path))
        {
            return "it does not exist";
        }

        // One git process: the branch header and every change, untracked files included.
        var status = await new GitCli(path).RunAsync(["status", "--porcelain=v2", "--branch", "--untracked-files=all"], cancellationToken).ConfigureAwait(false);
        if (!status.Succeeded)
        {
            return "git status failed: " + status.Stderr.Trim();
        }

        var lines = status.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Any(l => !l.StartsWith('#')))
        {
            return "it has uncommitted changes";
        }

        var head = lines.FirstOrDefault(l => l.StartsWith("# branch.head ", StringComparison.Ordinal))?["# branch.head ".Length..];
        return head == branch ? null : $"its HEAD is not on its branch {branch}";
    }

    private async Task<string> ResolveAsync(string reference, CancellationToken cancellationToken)
    {
        var result = await _repo.RunAsync(["rev-parse", "--verify", "--quiet", reference + "^{commit}"], cancellationToken).ConfigureAwait(false);
        Check(result, $"git rev-parse {reference}");
        return result.StdoutText.Trim();
    }

    private static async Task<string> HeadOfAsync(GitCli git, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(["rev-parse", "HEAD"], cancellationToken).ConfigureAwait(false);
        Check(result, $"git rev-parse HEAD in '{git.WorkingDirectory}'");
        return result.StdoutText.Trim();
    }

    private static void Check(GitCommandResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new GitException($"{what} failed (exit {result.ExitCode}): {result.Stderr.Trim()}");
        }
    }
}
