namespace Omk.Teams;

/// <summary>Another process drives the team run (it holds the run's lock).</summary>
public sealed class TeamRunBusyException : Exception
{
    public TeamRunBusyException(string message)
        : base(message)
    {
    }

    public TeamRunBusyException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public TeamRunBusyException()
    {
    }
}
