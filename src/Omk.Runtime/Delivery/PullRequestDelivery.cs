using Octokit;

namespace Omk.Delivery;

/// <summary>
/// Opens (or updates) a draft pull request through the GitHub API with Octokit. The client is built from a
/// <see cref="Connection"/> with the exact base URL, so GitHub Enterprise and a test server work as github.com does.
/// Used by <c>omk goal run --deliver pr</c> and by the GitHub Action's publish step.
/// </summary>
public static class PullRequestDelivery
{
    /// <summary>GitHub's limit on a pull request body.</summary>
    public const int BodyLimit = 65536;

    public sealed record PullRequestRef(string Url, int Number, bool Created);

    public static async Task<PullRequestRef> OpenOrUpdateDraftAsync(
        string apiBaseUrl, string token, string owner, string repo, string head, string @base, string title, string body, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw new DeliveryException("no GitHub token: set GITHUB_TOKEN to open a pull request");
        }

        var baseUri = new Uri(apiBaseUrl.EndsWith('/') ? apiBaseUrl : apiBaseUrl + "/");
        var client = new GitHubClient(new Connection(new ProductHeaderValue("omk"), baseUri, new Octokit.Internal.InMemoryCredentialStore(new Credentials(token))));
        cancellationToken.ThrowIfCancellationRequested();
        var cut = Cut(body);
        var open = await client.PullRequest.GetAllForRepository(owner, repo, new PullRequestRequest { Head = $"{owner}:{head}", State = ItemStateFilter.Open }).ConfigureAwait(false);
        if (open.FirstOrDefault(p => p.Head?.Ref == head) is { } existing)
        {
            var updated = await client.PullRequest.Update(owner, repo, existing.Number, new PullRequestUpdate { Title = title, Body = cut }).ConfigureAwait(false);
            return new PullRequestRef(updated.HtmlUrl ?? existing.HtmlUrl, updated.Number, false);
        }

        var created = await client.PullRequest.Create(owner, repo, new NewPullRequest(title, head, @base) { Body = cut, Draft = true }).ConfigureAwait(false);
        return new PullRequestRef(created.HtmlUrl, created.Number, true);
    }

    /// <summary>A pull request title from a goal: its first line, at most 200 characters.</summary>
    public static string Title(string goal)
    {
        var line = goal.Split('\n', 2)[0].Trim();
        return line.Length <= 200 ? line : line[..199] + "…";
    }

    /// <summary>The title of a goal's pull request: a goal that is not ready says so first.</summary>
    public static string Title(string goal, bool ready) => ready ? Title(goal) : "Not ready: " + Title(goal);

    /// <summary>
    /// Whether a goal that ended with <paramref name="status"/> has a result to deliver: <c>ready</c> and
    /// <c>not_ready</c> (its proof says why) do; a failed goal, or one that is blocked, paused, cancelled or out of
    /// budget, does not (it delivers once a resume brings it to one of the two).
    /// </summary>
    public static bool Delivers(string status) => status is Goals.GoalStatus.Ready or Goals.GoalStatus.NotReady;

    /// <summary>The body cut to GitHub's limit, saying so at its end.</summary>
    public static string Cut(string body)
    {
        const string note = "\n\n… (cut to GitHub's limit; the whole proof is proof.md of the goal)\n";
        return body.Length <= BodyLimit ? body : body[..(BodyLimit - note.Length)] + note;
    }
}
