using Omk.Agents;

namespace Omk.Cli.Commands;

/// <summary>The driver for each protocol.</summary>
public static class AgentDrivers
{
    public static Func<AgentSessionOptions, IAgentSession> For(string protocol) => protocol switch
    {
        _ => throw new UsageException($"the {protocol} driver is not available in this build."),
    };
}
