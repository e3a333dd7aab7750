using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Omk.GitHubAction.GitHub;

/// <summary>
/// The GitHub REST API over <see cref="HttpClient"/>: bearer token, API version header, a timeout per request, and
/// retries (server errors, network errors and timeouts for idempotent calls; secondary rate limits for every call),
/// honouring <c>Retry-After</c> and rate-limit resets within <see cref="GitHubClientOptions.MaxRetryDelay"/>.
/// The token goes only to the API's own host (redirects drop it), and into no message.
/// </summary>
public sealed class GitHubClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _api;
    private readonly GitHubClientOptions _options;

    public GitHubClient(Uri apiUrl, string token, GitHubClientOptions? options = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        _api = apiUrl.AbsoluteUri.EndsWith('/') ? apiUrl : new Uri(apiUrl.AbsoluteUri + "/");
        _options = options ?? new GitHubClientOptions();
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) })
        {
            Timeout = Timeout.InfiniteTimeSpan, // one timeout per try, below
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/vnd.github+json");
        _http.DefaultRequestHeaders.Add("X-GitHub-Api-Version", "2022-11-28");
        _http.DefaultRequestHeaders.UserAgent.ParseAdd($"omk-action/{Proofs.ProofRun.OmkVersion}");
    }

    /// <summary>A path under the API (<c>repos/o/r/...</c>) as an absolute URL.</summary>
    public Uri Url(string relative) => new(_api, relative.TrimStart('/'));

    /// <summary>
    /// Sends a request. <paramref name="idempotent"/> false (a POST) is retried only when GitHub says it was not carried
    /// out (rate limits); after a server error or a timeout the caller decides, since the request may have taken effect.
    /// </summary>
    public async Task<GitHubResponse> SendAsync(HttpMethod method, Uri url, string? jsonBody, bool idempotent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!SameOrigin(url))
        {
            throw new GitHubApiException($"refusing to send the token to {url.GetLeftPart(UriPartial.Authority)}, which is not the API at {_api.GetLeftPart(UriPartial.Authority)}.");
        }

        var what = $"{method} {url.AbsolutePath}";
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? wait;
            string problem;
            GitHubApiException failure;
            using (var request = new HttpRequestMessage(method, url))
            {
                if (jsonBody is not null)
                {
                    request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
                }

                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_options.RequestTimeout);
                HttpResponseMessage response;
                try
                {
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    problem = ex is OperationCanceledException ? $"no answer within {_options.RequestTimeout.TotalSeconds:0} s" : $"network error ({ex.Message})";
                    failure = new GitHubApiException($"{what}: {problem}", ex);
                    wait = idempotent ? Backoff(attempt) : null;
                    if (!await RetryAsync(attempt, wait, what, problem, cancellationToken).ConfigureAwait(false))
                    {
                        throw failure;
                    }

                    continue;
                }

                using (response)
                {
                    var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        return new GitHubResponse(response.StatusCode, body, NextLink(response));
                    }

                    var status = (int)response.StatusCode;
                    problem = $"{status} {MessageOf(body)}";
                    var rateLimited = IsRateLimited(response, body);
                    var transient = status >= 500;
                    failure = new GitHubApiException($"{what}: {problem}", response.StatusCode, transient && !rateLimited);
                    wait = rateLimited ? RateLimitWait(response) : transient && idempotent ? RetryAfter(response) ?? Backoff(attempt) : null;
                }
            }

            if (!await RetryAsync(attempt, wait, what, problem, cancellationToken).ConfigureAwait(false))
            {
                throw failure;
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<bool> RetryAsync(int attempt, TimeSpan? wait, string what, string problem, CancellationToken cancellationToken)
    {
        if (wait is not { } delay || attempt >= _options.MaxAttempts)
        {
            return false;
        }

        if (delay > _options.MaxRetryDelay)
        {
            _options.OnRetry?.Invoke($"{what}: {problem}; GitHub asks to wait {delay.TotalSeconds:0} s, more than the {_options.MaxRetryDelay.TotalSeconds:0} s allowed: giving up.");
            return false;
        }

        _options.OnRetry?.Invoke($"{what}: {problem}; retrying in {delay.TotalSeconds:0.#} s (try {attempt + 1} of {_options.MaxAttempts}).");
        await _options.Delay(delay, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private TimeSpan Backoff(int attempt) => _options.FirstBackoff * Math.Pow(2, attempt - 1);

    private bool SameOrigin(Uri url) =>
        url.Scheme == _api.Scheme && string.Equals(url.Host, _api.Host, StringComparison.OrdinalIgnoreCase) && url.Port == _api.Port;

    // Secondary rate limits answer 403 or 429, with Retry-After or a message saying so; the primary limit answers
    // 403/429 with x-ratelimit-remaining: 0.
    private static bool IsRateLimited(HttpResponseMessage response, string body) =>
        response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests
        && (response.Headers.RetryAfter is not null
            || body.Contains("rate limit", StringComparison.OrdinalIgnoreCase)
            || Header(response, "x-ratelimit-remaining") == "0");

    private static TimeSpan RateLimitWait(HttpResponseMessage response)
    {
        if (RetryAfter(response) is { } retryAfter)
        {
            return retryAfter;
        }

        if (Header(response, "x-ratelimit-remaining") == "0"
            && long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            var until = DateTimeOffset.FromUnixTimeSeconds(reset) - DateTimeOffset.UtcNow;
            return until > TimeSpan.Zero ? until : TimeSpan.Zero;
        }

        return TimeSpan.FromSeconds(60); // GitHub: without a header, wait at least a minute
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow > TimeSpan.Zero ? date - DateTimeOffset.UtcNow : TimeSpan.Zero,
        _ => null,
    };

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string MessageOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
            {
                return m.GetString() ?? string.Empty;
            }
        }
        catch (JsonException)
        {
        }

        var text = body.ReplaceLineEndings(" ").Trim();
        return text.Length > 200 ? text[..200] + "..." : text;
    }

    /// <summary>The <c>rel="next"</c> URL of a <c>Link</c> header, or null.</summary>
    public static Uri? NextLink(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.TryGetValues("Link", out var values) ? LinkHeader.Next(string.Join(',', values)) : null;
    }
}
