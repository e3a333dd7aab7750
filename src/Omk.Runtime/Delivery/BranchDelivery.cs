using Omk.Git;

namespace Omk.Delivery;

/// <summary>
/// Pushes a branch to a remote, never forced: a push the remote rejects (it moved) is reported, not overwritten.
/// Also names the GitHub repository behind the remote (the last two segments of its URL).
/// </summary>
public sealed class BranchDelivery(string repoRoot, string remote)
{
    private readonly GitCli _git = new(repoRoot, TimeSpan.FromMinutes(5));

    public sealed record PushResult(bool Pushed, bool RemoteMoved, string? Error);

    public async Task<PushResult> PushAsync(string branch, CancellationToken cancellationToken)
    {
        var push = await _git.RunAsync(["push", "--porcelain", remote, $"refs/heads/{branch}:refs/heads/{branch}"], cancellationToken).ConfigureAwait(false);
        if (push.Succeeded)
        {
            return new PushResult(true, false, null);
        }

        var text = push.StdoutText + "\n" + push.Stderr;
        var moved = text.Contains("non-fast-forward", StringComparison.Ordinal) || text.Contains("fetch first", StringComparison.Ordinal);
        return new PushResult(false, moved, (moved ? $"{remote} has moved on {branch} (the push was rejected, and omk never forces): " : string.Empty) + push.Stderr.Trim());
    }

    /// <summary>
    /// Rebases the commits of <paramref name="head"/> onto the remote's <paramref name="branch"/> in the detached worktree
    /// <paramref name="worktree"/> (never in the user's work tree): the new commit and the remote's head, or no commit and why when it conflicts.
    /// </summary>
    public async Task<(string? Commit, string? RemoteHead, string? Error)> RebaseOntoRemoteAsync(string branch, string head, string worktree, CancellationToken cancellationToken)
    {
        var fetch = await _git.RunAsync(["fetch", "--quiet", remote, $"refs/heads/{branch}"], cancellationToken).ConfigureAwait(false);
        if (!fetch.Succeeded)
        {
            return (null, null, $"fetching {remote}'s {branch} failed: {fetch.Stderr.Trim()}");
        }

        var remoteHead = (await _git.RunAsync(["rev-parse", "FETCH_HEAD"], cancellationToken).ConfigureAwait(false)).StdoutText.Trim();
        var git = new GitCli(worktree, TimeSpan.FromMinutes(5));
        var checkout = await git.RunAsync(["checkout", "--quiet", "--detach", head], cancellationToken).ConfigureAwait(false);
        if (!checkout.Succeeded)
        {
            return (null, remoteHead, $"checking out {head} for the rebase failed: {checkout.Stderr.Trim()}");
        }

        var rebase = await git.RunAsync(["-c", "core.editor=true", "rebase", "--quiet", remoteHead], cancellationToken).ConfigureAwait(false);
        if (!rebase.Succeeded)
        {
            await git.RunAsync(["rebase", "--abort"], CancellationToken.None).ConfigureAwait(false);
            return (null, remoteHead, $"{remote} moved on {branch} (now {remoteHead}) and rebasing onto it conflicts: {rebase.Stderr.Trim()}{rebase.StdoutText.Trim()}");
        }

        return ((await git.RunAsync(["rev-parse", "HEAD"], cancellationToken).ConfigureAwait(false)).StdoutText.Trim(), remoteHead, null);
    }

    /// <summary>The owner and name of the repository behind the remote's URL (<c>…/owner/name(.git)</c> or <c>git@host:owner/name.git</c>).</summary>
    public async Task<(string Owner, string Name)> RepositoryAsync(CancellationToken cancellationToken)
    {
        var url = await _git.RunAsync(["remote", "get-url", remote], cancellationToken).ConfigureAwait(false);
        if (!url.Succeeded)
        {
            throw new DeliveryException($"the repository has no remote '{remote}': {url.Stderr.Trim()}");
        }

        return Parse(url.StdoutText.Trim()) ?? throw new DeliveryException($"the remote '{remote}' ({url.StdoutText.Trim()}) does not name an owner and a repository");
    }

    public static (string Owner, string Name)? Parse(string url)
    {
        var path = url.Replace('\\', '/').TrimEnd('/');
        var colon = path.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && !path.Contains("://", StringComparison.Ordinal) && path.IndexOf('/', StringComparison.Ordinal) > colon)
        {
            path = path[(colon + 1)..];
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return null;
        }

        var name = parts[^1].EndsWith(".git", StringComparison.Ordinal) ? parts[^1][..^4] : parts[^1];
        return name.Length == 0 ? null : (parts[^2], name);
    }
}
