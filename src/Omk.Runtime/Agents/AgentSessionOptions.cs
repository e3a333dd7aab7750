using Omk.Agents.Approvals;
using Omk.Agents.Protocol;

namespace Omk.Agents;

/// <summary>What every agent driver needs: how to start it, how to answer permissions, where to record, and what to tell.</summary>
public sealed record AgentSessionOptions(AgentCommand Command, ApprovalGate Approvals, AgentTranscript Transcript)
{
    /// <summary>Receives every update as it happens (on a background thread).</summary>
    public Action<AgentUpdate>? OnUpdate { get; init; }

    /// <summary>Turns that take longer are cancelled and end as <c>timed_out</c>.</summary>
    public TimeSpan? TurnTimeout { get; init; }

    /// <summary>How long a stop waits for the agent to exit on its own before killing its group.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The agent, already started from <see cref="Command"/> (an agent run spawns it first so that it boots while the
    /// run is prepared); the session takes it over. Null: the session starts its own.
    /// </summary>
    public AgentProcess? Process { get; init; }

    /// <summary>
    /// The session serves one turn (<c>omk agent run</c>): once the agent answers the prompt its input is closed, so it
    /// shuts down while the driver reads what it still logs about the turn, instead of after. A later prompt fails.
    /// Used by the ACP driver; the Wire driver stops the agent at <see cref="IAgentSession.StopAsync"/> as usual.
    /// </summary>
    public bool SingleTurn { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
