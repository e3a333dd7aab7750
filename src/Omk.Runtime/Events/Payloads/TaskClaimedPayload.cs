namespace Omk.Events.Payloads;

/// <summary><c>task_claimed</c> (actor = worker). <c>lease_deadline</c> is the lease expiry instant (not a duration: the original's bug is not copied).</summary>
/// <c>attempt</c> (team runs) numbers the task's claims from 1.
public sealed record TaskClaimedPayload(string TaskId, string WorkerId, DateTimeOffset LeaseDeadline, int? Attempt = null);
