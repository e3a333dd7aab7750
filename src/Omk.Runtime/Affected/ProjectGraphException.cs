namespace Omk.Affected;

/// <summary>The project graph could not be read (a project that does not evaluate, no <c>dotnet</c>): the message says why.</summary>
public sealed class ProjectGraphException : Exception
{
    public ProjectGraphException(string message)
        : base(message)
    {
    }

    public ProjectGraphException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ProjectGraphException()
    {
    }
}
