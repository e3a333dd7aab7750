namespace Omk.Events.Payloads;

/// <summary><c>task_output</c>: assistant text or narrative, with the protocol detail it came from when known.</summary>
public sealed record TaskOutputPayload(
    string? Message = null,
    string? TaskId = null,
    string? WorkerId = null,
    string? OutputSummary = null,
    string? WireEvent = null,
    string? WireMethod = null);
