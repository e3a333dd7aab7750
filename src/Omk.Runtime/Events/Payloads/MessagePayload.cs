namespace Omk.Events.Payloads;

/// <summary>The generic <c>{message}</c> payload (untyped kinds, controller narrative, <c>run_completed</c>).</summary>
public sealed record MessagePayload(string Message);
