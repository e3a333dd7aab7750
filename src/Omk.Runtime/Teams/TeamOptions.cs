namespace Omk.Teams;

/// <summary>How a team run schedules: workers at once, attempts, backoff, the watchdog's limits and the lease heartbeat.</summary>
public sealed record TeamOptions
{
    public int Agents { get; init; } = 2;

    /// <summary>Attempts per task (the first included).</summary>
    public int Attempts { get; init; } = 2;

    public int FixRounds { get; init; } = 2;

    /// <summary>A worker with no agent update for this long is <c>stalled</c>: its attempt is stopped and retried or failed.</summary>
    public TimeSpan StallAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Wait before attempt n+1: <c>RetryBackoff × 2^(n-1)</c>.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a running worker's lease is renewed in the log (<c>worker_heartbeat</c>).</summary>
    public TimeSpan HeartbeatEvery { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the watchdog looks at the workers (and at a cancel request).</summary>
    public TimeSpan WatchdogInterval { get; init; } = TimeSpan.FromSeconds(1);
}
