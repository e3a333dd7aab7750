using System.Text.Json;

namespace Omk.GitHubAction.GitHub;

/// <summary>A pull request (issue) comment as the REST API returns it: the fields the sticky comment needs.</summary>
public sealed record IssueComment(long Id, string HtmlUrl, string Body, string? AuthorLogin, string? AuthorType)
{
    public const string ActionsBot = "github-actions[bot]";

    /// <summary>Written by a bot (GitHub Actions' token or an App), or by the given login (a personal token's user).</summary>
    public bool IsByBot(string? selfLogin) =>
        AuthorType == "Bot" || AuthorLogin == ActionsBot || (selfLogin is not null && AuthorLogin == selfLogin);

    public static IssueComment Parse(JsonElement e)
    {
        JsonElement user = default;
        var hasUser = e.TryGetProperty("user", out user) && user.ValueKind == JsonValueKind.Object;
        return new IssueComment(
            e.GetProperty("id").GetInt64(),
            e.TryGetProperty("html_url", out var url) ? url.GetString() ?? string.Empty : string.Empty,
            e.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String ? body.GetString() ?? string.Empty : string.Empty,
            hasUser && user.TryGetProperty("login", out var login) ? login.GetString() : null,
            hasUser && user.TryGetProperty("type", out var type) ? type.GetString() : null);
    }

    public static IssueComment Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document.RootElement);
    }
}
