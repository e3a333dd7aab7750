using System.Net;

namespace Omk.GitHubAction.GitHub;

/// <summary>A GitHub REST call failed for good (after the retries it deserved), named by method and path. Never carries the token.</summary>
public sealed class GitHubApiException : Exception
{
    public GitHubApiException(string message, HttpStatusCode? status = null, bool transient = false)
        : base(message)
    {
        Status = status;
        Transient = transient;
    }

    public GitHubApiException(string message, Exception inner)
        : base(message, inner) => Transient = true;

    public GitHubApiException(string message, HttpStatusCode status, bool transient, Exception inner)
        : base(message, inner)
    {
        Status = status;
        Transient = transient;
    }

    public GitHubApiException()
    {
    }

    public GitHubApiException(string message)
        : base(message)
    {
    }

    /// <summary>The HTTP status, or null when no answer came (network error, timeout).</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>The request may or may not have been carried out (5xx, timeout, network error).</summary>
    public bool Transient { get; }

    /// <summary>403 "Resource not accessible by integration": the token may not write here (fork pull requests, missing permissions).</summary>
    public bool IsNotAccessible => Status == HttpStatusCode.Forbidden && Message.Contains("not accessible", StringComparison.OrdinalIgnoreCase);
}
