using Octokit;
using Octokit.Internal;

namespace Omk.GitHubAction.GitHub;

/// <summary>
/// Octokit's <see cref="GitHubClient"/> on the exact API URL the runner gives (GitHub.com, GitHub Enterprise Server,
/// a test server: no <c>/api/v3</c> guessing), with a bearer token, over <see cref="GitHubRetryHandler"/>.
/// <see cref="CallAsync{T}"/> turns Octokit's failures into <see cref="GitHubApiException"/>s that name the call.
/// </summary>
public sealed class GitHubApi : IDisposable
{
    private readonly HttpClientAdapter _http;

    private GitHubApi(IGitHubClient client, HttpClientAdapter http)
    {
        Client = client;
        _http = http;
    }

    public IGitHubClient Client { get; }

    public static GitHubApi Create(Uri apiUrl, string token, GitHubClientOptions options, HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        ArgumentNullException.ThrowIfNull(options);
        var api = apiUrl.AbsoluteUri.EndsWith('/') ? apiUrl : new Uri(apiUrl.AbsoluteUri + "/");
        var http = new HttpClientAdapter(() => new GitHubRetryHandler(api, options, transport ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }));
        var connection = new Connection(
            new Octokit.ProductHeaderValue("omk-action", Proofs.ProofRun.OmkVersion),
            api,
            new InMemoryCredentialStore(new Credentials(token, AuthenticationType.Bearer)),
            http,
            new SimpleJsonSerializer());
        // Octokit's own limit covers every try of a call and the waits between them (the handler times each try).
        connection.SetRequestTimeout(options.RequestTimeout * options.MaxAttempts + options.MaxRetryDelay * Math.Max(1, options.MaxAttempts - 1) + TimeSpan.FromSeconds(10));
        return new GitHubApi(new GitHubClient(connection), http);
    }

    /// <summary>Runs one API call; a failure becomes a <see cref="GitHubApiException"/> saying <paramref name="what"/>, the status and GitHub's message.</summary>
    public async Task<T> CallAsync<T>(string what, Func<IGitHubClient, Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call(Client).ConfigureAwait(false);
        }
        catch (ApiException ex)
        {
            var status = (int)ex.StatusCode;
            var message = ex.ApiError?.Message is { Length: > 0 } m ? m : GitHubRetryHandler.MessageOf(ex.HttpResponse?.Body as string ?? ex.Message);
            throw new GitHubApiException($"{what}: {status} {message}", ex.StatusCode, transient: status >= 500, ex);
        }
    }

    public void Dispose() => _http.Dispose();
}
