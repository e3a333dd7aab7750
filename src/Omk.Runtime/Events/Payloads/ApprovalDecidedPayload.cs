namespace Omk.Events.Payloads;

/// <summary><c>approval_decided</c>: <c>decision</c> is <c>approve</c>, <c>approve_for_session</c> or <c>reject</c>.</summary>
public sealed record ApprovalDecidedPayload(string RequestId, string Decision, string? DecidedBy = null, string? Reason = null);
