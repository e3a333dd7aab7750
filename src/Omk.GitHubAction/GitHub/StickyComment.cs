namespace Omk.GitHubAction.GitHub;

/// <summary>
/// One comment per marker on an issue or pull request: found by reading every page of the comments (Octokit follows
/// <c>Link: rel="next"</c>, 100 per page) and matching the marker and a bot author; then updated (PATCH) or created
/// once (POST). A POST that may have gone through (server error, timeout) is never blindly repeated: the comments are
/// listed again first, so there is never a duplicate.
/// </summary>
public sealed class StickyComment(GitHubApi api, string repository, int issue, GitHubClientOptions options)
{
    private readonly string _owner = repository.Split('/')[0];
    private readonly string _name = repository.Split('/').ElementAtOrDefault(1) ?? string.Empty;

    public async Task<IssueComment?> FindAsync(string marker, string? selfLogin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(marker);
        cancellationToken.ThrowIfCancellationRequested();
        var all = await api.CallAsync(
            $"GET /repos/{repository}/issues/{issue}/comments",
            c => c.Issue.Comment.GetAllForIssue(_owner, _name, issue, new Octokit.ApiOptions { PageSize = 100 })).ConfigureAwait(false);
        return all.Select(IssueComment.From).FirstOrDefault(c => c.Body.Contains(marker, StringComparison.Ordinal) && c.IsByBot(selfLogin));
    }

    public async Task<IssueComment> WriteAsync(string marker, string body, IssueComment? existing, string? selfLogin, CancellationToken cancellationToken)
    {
        if (existing is not null)
        {
            return await PatchAsync(existing.Id, body).ConfigureAwait(false);
        }

        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var created = await api.CallAsync(
                    $"POST /repos/{repository}/issues/{issue}/comments",
                    c => c.Issue.Comment.Create(_owner, _name, issue, body)).ConfigureAwait(false);
                return IssueComment.From(created);
            }
            catch (GitHubApiException ex) when (ex.Transient && attempt < options.MaxAttempts)
            {
                var wait = options.FirstBackoff * Math.Pow(2, attempt - 1);
                options.OnRetry?.Invoke($"{ex.Message}; the comment may exist now: listing the comments again in {wait.TotalSeconds:0.#} s before another try.");
                await options.Delay(wait, cancellationToken).ConfigureAwait(false);
                if (await FindAsync(marker, selfLogin, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    return await PatchAsync(found.Id, body).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>The login of a personal access token's user (whose comments are not by a bot), or null for app tokens.</summary>
    public async Task<string?> SelfLoginAsync(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!token.StartsWith("ghp_", StringComparison.Ordinal) && !token.StartsWith("github_pat_", StringComparison.Ordinal) && !token.StartsWith("gho_", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var user = await api.CallAsync("GET /user", c => c.User.Current()).ConfigureAwait(false);
            return user.Login;
        }
        catch (GitHubApiException)
        {
            return null;
        }
    }

    private async Task<IssueComment> PatchAsync(long id, string body)
    {
        var updated = await api.CallAsync(
            $"PATCH /repos/{repository}/issues/comments/{id}",
            c => c.Issue.Comment.Update(_owner, _name, id, body)).ConfigureAwait(false);
        return IssueComment.From(updated);
    }
}
