using Omk.Agents;
using Omk.Agents.Acp;
using Omk.Agents.Wire;

namespace Omk.Cli.Commands;

/// <summary>The driver for each kind of agent: the Kimi Code CLI and other ACP agents, and the legacy Wire kimi-cli.</summary>
public static class AgentDrivers
{
    public static Func<AgentSessionOptions, IAgentSession> For(string agent, AgentCommand command, string protocol, string? resume = null) => protocol switch
    {
        // The Kimi Code CLI also keeps a session log: it tells a failed turn (which ACP reports as end_turn) and token usage.
        AgentCommandLine.Acp when agent == "kimi" => options => new AcpAgentSession(options, KimiAcp.Settings(command) with { ResumeSessionId = resume }),
        AgentCommandLine.Acp => options => new AcpAgentSession(options, new AcpSessionSettings { ResumeSessionId = resume }),
        AgentCommandLine.Wire => options => new WireAgentSession(options),
        _ => throw new UsageException($"no driver speaks '{protocol}'."),
    };
}
