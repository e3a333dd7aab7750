namespace Omk.Events.Payloads;

/// <summary><c>run_failed</c>.</summary>
public sealed record RunFailedPayload(string Reason);
