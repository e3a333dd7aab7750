namespace Omk.Events.Payloads;

/// <summary>One gate of a team task's last gate round: its name, status (<c>passed|failed|skipped</c>) and why.</summary>
public sealed record TaskGateResult(string Name, string Status, string? Reason = null);
