namespace Omk.Events.Payloads;

/// <summary><c>approval_requested</c>: an agent asked to use a tool.</summary>
public sealed record ApprovalRequestedPayload(string RequestId, string? WorkerId, string Tool, string? Action, string Policy);
