namespace Omk.Agents.Protocol;

/// <summary>The agent process ended (or closed its output) while something was waiting for it.</summary>
public sealed class AgentExitedException : Exception
{
    public AgentExitedException(string message)
        : base(message)
    {
    }

    public AgentExitedException()
    {
    }

    public AgentExitedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
