namespace Omk.GitHubAction.GitHub;

/// <summary>Timeouts and retries of the GitHub REST client.</summary>
public sealed record GitHubClientOptions
{
    /// <summary>Time allowed for one request (the answer included).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Tries of one request, the first included.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>First wait after a server error without Retry-After; doubled at each retry.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait the client accepts (from Retry-After or a rate-limit reset); beyond it, the call fails.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How the client waits between tries (tests record the waits instead of sleeping).</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = (delay, cancellationToken) => Task.Delay(delay, cancellationToken);

    /// <summary>Told about each retry: what happened and how long the client waits.</summary>
    public Action<string>? OnRetry { get; init; }
}
