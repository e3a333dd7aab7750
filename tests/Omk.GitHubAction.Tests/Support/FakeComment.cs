namespace Omk.GitHubAction.Tests.Support;

/// <summary>A comment held by <see cref="FakeGitHub"/>.</summary>
public sealed class FakeComment(long id, string body, string login, string type)
{
    public long Id { get; } = id;

    public string Body { get; set; } = body;

    public string Login { get; } = login;

    public string Type { get; } = type;
}
