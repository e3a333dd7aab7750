namespace Omk.Events.Payloads;

/// <summary><c>command_finished</c>. <c>duration_ms</c> is an Omk addition.</summary>
public sealed record CommandFinishedPayload(
    string GateId,
    string Name,
    string CommandLine,
    int? ExitCode,
    bool TimedOut,
    string StdoutSummary,
    string StderrSummary,
    string? OutputPath,
    long? DurationMs = null)
{
    /// <summary>The attempt number of a gate with retries (omitted for the first).</summary>
    public int? Attempt { get; init; }

    /// <summary>This attempt's test counts, when it produced result files.</summary>
    public TestCounts? Tests { get; init; }

    /// <summary>The names of this attempt's failed tests (capped), so a flaky test can be named.</summary>
    public IReadOnlyList<string>? FailedTestNames { get; init; }
}
