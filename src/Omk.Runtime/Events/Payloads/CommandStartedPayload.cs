namespace Omk.Events.Payloads;

/// <summary><c>command_started</c>.</summary>
public sealed record CommandStartedPayload(string GateId, string Name, string CommandLine, long? TimeoutSecs);
