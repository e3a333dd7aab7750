namespace Omk.Agents;

/// <summary>The agent could not be started (missing program, bad working directory, failed handshake); the message says which.</summary>
public sealed class AgentStartException : Exception
{
    public AgentStartException(string message)
        : base(message)
    {
    }

    public AgentStartException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public AgentStartException()
    {
    }
}
