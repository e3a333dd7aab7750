namespace Omk.GitHubAction.Tests.Support;

/// <summary>A pull request the fake API holds: head and base branches, title, body, draft, and how often it was updated.</summary>
public sealed record FakePullRequest(int Number, string Head, string Base)
{
    public string Title { get; set; } = string.Empty;

    public string Body { get; set; } = string.Empty;

    public bool Draft { get; init; }

    public int Updates { get; set; }
}
