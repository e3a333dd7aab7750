namespace Omk.Events.Payloads;

/// <summary><c>command_started</c>.</summary>
public sealed record CommandStartedPayload(string GateId, string Name, string CommandLine, long? TimeoutSecs)
{
    /// <summary>The attempt number of a gate with retries (omitted for the first).</summary>
    public int? Attempt { get; init; }
}
