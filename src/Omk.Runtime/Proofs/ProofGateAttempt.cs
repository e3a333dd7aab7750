using Omk.Events.Payloads;

namespace Omk.Proofs;

/// <summary>One attempt of a retried gate: how it ended, its own log, and its test counts and failed tests.</summary>
public sealed record ProofGateAttempt
{
    public required int Attempt { get; init; }

    public int? ExitCode { get; init; }

    public bool TimedOut { get; init; }

    public long? DurationMs { get; init; }

    public string? OutputPath { get; init; }

    public TestCounts? Tests { get; init; }

    public IReadOnlyList<string>? FailedTests { get; init; }
}
