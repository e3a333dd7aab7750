using Omk.Events.Payloads;

namespace Omk.Evidence;

/// <summary>
/// What one attempt of a gate left besides its exit code: findings (capped, with totals), the last lines of its
/// output, its test results (null when it is not a test gate), and what Omk added to its command to get them.
/// </summary>
public sealed record GateEvidence
{
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    public FindingTotals Totals { get; init; } = new(0, 0);

    public bool FindingsCapped { get; init; }

    public IReadOnlyList<string> Tail { get; init; } = [];

    public TestReport? Tests { get; init; }

    /// <summary>Arguments Omk added to a <c>dotnet test</c> command, as a command-line fragment.</summary>
    public string? AddedArguments { get; init; }

    /// <summary>A test gate whose result files hold no test at all (and that did not opt out).</summary>
    public bool NoTestsRan { get; init; }
}
