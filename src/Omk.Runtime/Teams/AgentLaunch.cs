using Omk.Agents;

namespace Omk.Teams;

/// <summary>How to start a task's agent in its worktree: the process and the driver that speaks its protocol.</summary>
public sealed record AgentLaunch(AgentCommand Command, Func<AgentSessionOptions, IAgentSession> CreateSession);
