namespace Omk.Events.Payloads;

/// <summary>
/// <c>gate_passed</c> / <c>gate_failed</c>. The first ten fields are the original contract; the rest are
/// Omk additions: how long it took, whether failure is tolerated, why it was skipped, its tags, its kind
/// (<c>command</c> or <c>code</c>), its message and evidence (code gates), where it is declared, and where its timeout came from
/// (<c>gate (file:line)</c>, <c>--timeout</c>, <c>OmkGateTimeout</c>, <c>action input timeout</c> or <c>default</c>).
/// </summary>
public sealed record GateResultPayload(
    string GateId,
    string Name,
    bool Required,
    string? CommandLine = null,
    int? ExitCode = null,
    bool TimedOut = false,
    string? StdoutSummary = null,
    string? StderrSummary = null,
    string? OutputPath = null,
    long? TimeoutSecs = null,
    long? DurationMs = null,
    bool? AllowFail = null,
    bool? Skipped = null,
    string? Reason = null,
    IReadOnlyList<string>? Tags = null,
    string? GateKind = null,
    string? Message = null,
    IReadOnlyDictionary<string, string>? Evidence = null,
    string? SourceFile = null,
    int? SourceLine = null,
    string? TimeoutSource = null)
{
    /// <summary>Test counts read from the gate's result files (TRX, JUnit XML); null when it produced none.</summary>
    public TestCounts? Tests { get; init; }

    /// <summary>The failed tests, capped (<see cref="Tests"/> has the true number).</summary>
    public IReadOnlyList<FailedTest>? FailedTests { get; init; }

    /// <summary>Diagnostics read from the output as it streamed, de-duplicated and capped.</summary>
    public IReadOnlyList<Finding>? Findings { get; init; }

    /// <summary>The true number of distinct findings, when more were found than listed.</summary>
    public FindingTotals? FindingsTotal { get; init; }

    /// <summary>The last lines of the output (both streams, in order) of a gate that failed.</summary>
    public IReadOnlyList<string>? OutputTail { get; init; }

    /// <summary>How many attempts the gate took (omitted for one).</summary>
    public int? Attempts { get; init; }

    /// <summary>True when the gate failed at least once and then passed on a retry.</summary>
    public bool? Flaky { get; init; }

    /// <summary>The SHA-256 of everything the gate's result depends on (tree, definition, declared environment and tools, Omk's build).</summary>
    public string? InputKey { get; init; }

    /// <summary>Set when the gate did not run: its passed result, with its evidence, was reused from this run and gate.</summary>
    public GateReuseSource? ReusedFrom { get; init; }
}
