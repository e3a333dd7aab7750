namespace Omk.Git;

/// <summary>A git command failed or git is missing; the message names the command and what git said.</summary>
public sealed class GitException : Exception
{
    public GitException(string message)
        : base(message)
    {
    }

    public GitException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public GitException()
    {
    }
}
