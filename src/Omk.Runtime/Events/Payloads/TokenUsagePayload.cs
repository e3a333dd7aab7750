namespace Omk.Events.Payloads;

/// <summary>
/// Tokens one agent step used, recorded as a <c>task_output</c> event with <c>wire_event: "usage"</c>: input (not
/// from cache), output, cache reads and writes, and the cost at the configured price (no agent protocol carries money).
/// </summary>
public sealed record TokenUsagePayload(
    string WorkerId,
    string? TaskId,
    long InputTokens,
    long OutputTokens,
    long CacheReadTokens,
    long CacheCreationTokens,
    decimal CostUsd,
    string WireEvent = "usage");
