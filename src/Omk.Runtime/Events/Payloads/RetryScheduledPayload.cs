namespace Omk.Events.Payloads;

/// <summary><c>retry_scheduled</c>: a task re-leased by the scheduler (<c>task_id</c>), or a gate run again after a
/// failed attempt (<c>gate_id</c>, an Omk addition; <c>task_id</c> is then omitted). <c>attempt</c> is the number of
/// the attempt that comes next.</summary>
public sealed record RetryScheduledPayload(string? TaskId, string Reason, int? Attempt = null, string? StaleWorkerId = null)
{
    public string? GateId { get; init; }
}
