namespace Omk.Runs;

/// <summary>The state directory cannot hold runs (a file in its place, no permission, a full disk): the user's to fix.</summary>
public sealed class StateDirectoryException : IOException
{
    public StateDirectoryException()
    {
    }

    public StateDirectoryException(string message)
        : base(message)
    {
    }

    public StateDirectoryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
