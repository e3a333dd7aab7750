using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Omk.GitHubAction.GitHub;

/// <summary>
/// The HTTP layer under Octokit: a timeout per try, retries of server errors, network errors and timeouts for
/// idempotent calls (everything but POST), retries of secondary rate limits for every call, honouring
/// <c>Retry-After</c> and rate-limit resets within <see cref="GitHubClientOptions.MaxRetryDelay"/>. The token goes
/// only to the API's own origin (a request elsewhere is refused before it leaves), and into no message.
/// A failure that no retry cured is handed to Octokit as it came (Octokit turns it into its exception), except a
/// request that got no answer at all, which ends as a <see cref="GitHubApiException"/>.
/// </summary>
public sealed class GitHubRetryHandler(Uri api, GitHubClientOptions options, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = request.RequestUri ?? api;
        if (!SameOrigin(url))
        {
            throw new GitHubApiException($"refusing to send the token to {url.GetLeftPart(UriPartial.Authority)}, which is not the API at {api.GetLeftPart(UriPartial.Authority)}.");
        }

        var what = $"{request.Method} {url.AbsolutePath}";
        var idempotent = request.Method != HttpMethod.Post;
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync().ConfigureAwait(false); // sent again on a retry
        }

        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(options.RequestTimeout);
                try
                {
                    response = await base.SendAsync(request, timeout.Token).ConfigureAwait(false);
                    _ = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false); // buffered, within this try's timeout
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    var problem = ex is OperationCanceledException ? $"no answer within {options.RequestTimeout.TotalSeconds:0} s" : $"network error ({ex.Message})";
                    if (!await RetryAsync(attempt, idempotent ? Backoff(attempt) : null, what, problem, cancellationToken).ConfigureAwait(false))
                    {
                        throw new GitHubApiException($"{what}: {problem}", ex);
                    }

                    continue;
                }
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var rateLimited = IsRateLimited(response, body);
            TimeSpan? wait = rateLimited ? RateLimitWait(response) : status >= 500 && idempotent ? RetryAfter(response) ?? Backoff(attempt) : null;
            if (!await RetryAsync(attempt, wait, what, $"{status} {MessageOf(body)}", cancellationToken).ConfigureAwait(false))
            {
                return response;
            }

            response.Dispose();
        }
    }

    private async Task<bool> RetryAsync(int attempt, TimeSpan? wait, string what, string problem, CancellationToken cancellationToken)
    {
        if (wait is not { } delay || attempt >= options.MaxAttempts)
        {
            return false;
        }

        if (delay > options.MaxRetryDelay)
        {
            options.OnRetry?.Invoke($"{what}: {problem}; GitHub asks to wait {delay.TotalSeconds:0} s, more than the {options.MaxRetryDelay.TotalSeconds:0} s allowed: giving up.");
            return false;
        }

        options.OnRetry?.Invoke($"{what}: {problem}; retrying in {delay.TotalSeconds:0.#} s (try {attempt + 1} of {options.MaxAttempts}).");
        await options.Delay(delay, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private TimeSpan Backoff(int attempt) => options.FirstBackoff * Math.Pow(2, attempt - 1);

    private bool SameOrigin(Uri url) =>
        url.Scheme == api.Scheme && string.Equals(url.Host, api.Host, StringComparison.OrdinalIgnoreCase) && url.Port == api.Port;

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

    /// <summary>GitHub's <c>message</c> of an error body, or the body's start.</summary>
    public static string MessageOf(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
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
}
