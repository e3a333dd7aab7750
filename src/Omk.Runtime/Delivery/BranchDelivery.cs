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
