using System.Net;

namespace Omk.GitHubAction.GitHub;

/// <summary>A successful answer: status, body, and the <c>Link: rel="next"</c> URL of a paginated list.</summary>
public sealed record GitHubResponse(HttpStatusCode Status, string Body, Uri? Next);
