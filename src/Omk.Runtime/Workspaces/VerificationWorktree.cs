using Omk.Git;

namespace Omk.Workspaces;

/// <summary>
/// A fresh, detached worktree at a recorded commit, outside the repository
/// (<c>&lt;worktree root&gt;/&lt;repo key&gt;/verify/&lt;id&gt;</c>), in which <c>omk replay --verify</c> rebuilds the tree a run
/// judged and runs its gates again. It holds nothing of the user's: it is removed when disposed.
/// </summary>
public sealed class VerificationWorktree : IAsyncDisposable
{
    private readonly GitCli _repo;

    private VerificationWorktree(string repoRoot, string path)
    {
        _repo = new GitCli(repoRoot, TimeSpan.FromMinutes(2));
        Path = path;
    }

    public string Path { get; }

    /// <summary>Checks out <paramref name="commit"/> of the repository at <paramref name="repoRoot"/> (its top level) in a new worktree.</summary>
    public static async Task<VerificationWorktree> CreateAsync(string repoRoot, string id, string commit, string? worktreeRoot, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(WorktreeLocation.RepositoryDirectory(repoRoot, worktreeRoot), "verify", id);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var worktree = new VerificationWorktree(repoRoot, path);
        var add = await worktree._repo.RunAsync(["worktree", "add", "--quiet", "--detach", path, commit], cancellationToken).ConfigureAwait(false);
        if (!add.Succeeded)
        {
            throw new GitException($"the recorded commit {commit} could not be checked out in a fresh worktree ({add.Stderr.Trim().Split('\n')[0]}); is it in this repository?");
        }

        return worktree;
    }

    public async ValueTask DisposeAsync()
    {
        var removed = await _repo.RunAsync(["worktree", "remove", "--force", Path], CancellationToken.None).ConfigureAwait(false);
        if (!removed.Succeeded && Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
            await _repo.RunAsync(["worktree", "prune"], CancellationToken.None).ConfigureAwait(false);
        }
    }
}
