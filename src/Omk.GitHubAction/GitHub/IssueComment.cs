namespace Omk.GitHubAction.GitHub;

/// <summary>A pull request (issue) comment: the fields the sticky comment needs.</summary>
public sealed record IssueComment(long Id, string HtmlUrl, string Body, string? AuthorLogin, string? AuthorType)
{
    public const string ActionsBot = "github-actions[bot]";

    /// <summary>Written by a bot (GitHub Actions' token or an App), or by the given login (a personal token's user).</summary>
    public bool IsByBot(string? selfLogin) =>
        AuthorType == "Bot" || AuthorLogin == ActionsBot || (selfLogin is not null && AuthorLogin == selfLogin);

    public static IssueComment From(Octokit.IssueComment comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        return new IssueComment(
            comment.Id,
            comment.HtmlUrl ?? string.Empty,
            comment.Body ?? string.Empty,
            comment.User?.Login,
            comment.User?.Type?.ToString());
    }
}
