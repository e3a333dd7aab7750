using System.Text;
using System.Text.Json;

namespace Omk.GitHubAction.GitHub;

/// <summary>
/// One comment per marker on a pull request: found by following every page of the comments
/// (<c>Link: rel="next"</c>) and matching the marker and a bot author; then updated (PATCH) or created once (POST).
/// A POST that may have gone through (server error, timeout) is never blindly repeated: the comments are listed
/// again first, so there is never a duplicate.
/// </summary>
public sealed class StickyComment(GitHubClient client, string repository, int issue, GitHubClientOptions options)
{
    public int PagesRead { get; private set; }

    public async Task<IssueComment?> FindAsync(string marker, string? selfLogin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(marker);
        Uri? url = client.Url($"repos/{repository}/issues/{issue}/comments?per_page=100");
        PagesRead = 0;
        while (url is not null)
        {
            var page = await client.SendAsync(HttpMethod.Get, url, null, idempotent: true, cancellationToken).ConfigureAwait(false);
            PagesRead++;
            using var json = JsonDocument.Parse(page.Body);
            foreach (var element in json.RootElement.EnumerateArray())
            {
                var comment = IssueComment.Parse(element);
                if (comment.Body.Contains(marker, StringComparison.Ordinal) && comment.IsByBot(selfLogin))
                {
                    return comment;
                }
            }

            url = page.Next;
        }

        return null;
    }

    public async Task<IssueComment> WriteAsync(string marker, string body, IssueComment? existing, string? selfLogin, CancellationToken cancellationToken)
    {
        var json = Json(body);
        if (existing is not null)
        {
            return await PatchAsync(existing.Id, json, cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var created = await client.SendAsync(HttpMethod.Post, client.Url($"repos/{repository}/issues/{issue}/comments"), json, idempotent: false, cancellationToken).ConfigureAwait(false);
                return IssueComment.Parse(created.Body);
            }
            catch (GitHubApiException ex) when (ex.Transient && attempt < options.MaxAttempts)
            {
                var wait = options.FirstBackoff * Math.Pow(2, attempt - 1);
                options.OnRetry?.Invoke($"{ex.Message}; the comment may exist now: listing the comments again in {wait.TotalSeconds:0.#} s before another try.");
                await options.Delay(wait, cancellationToken).ConfigureAwait(false);
                if (await FindAsync(marker, selfLogin, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    return await PatchAsync(found.Id, json, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>The login of a personal access token's user (whose comments are not by a bot), or null for app tokens.</summary>
    public async Task<string?> SelfLoginAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!token.StartsWith("ghp_", StringComparison.Ordinal) && !token.StartsWith("github_pat_", StringComparison.Ordinal) && !token.StartsWith("gho_", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var user = await client.SendAsync(HttpMethod.Get, client.Url("user"), null, idempotent: true, cancellationToken).ConfigureAwait(false);
            using var json = JsonDocument.Parse(user.Body);
            return json.RootElement.TryGetProperty("login", out var login) ? login.GetString() : null;
        }
        catch (GitHubApiException)
        {
            return null;
        }
    }

    private async Task<IssueComment> PatchAsync(long id, string json, CancellationToken cancellationToken)
    {
        var updated = await client.SendAsync(HttpMethod.Patch, client.Url($"repos/{repository}/issues/comments/{id}"), json, idempotent: true, cancellationToken).ConfigureAwait(false);
        return IssueComment.Parse(updated.Body);
    }

    private static string Json(string body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("body", body);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
