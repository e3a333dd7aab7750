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
    long? DurationMs = null);
