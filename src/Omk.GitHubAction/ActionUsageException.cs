namespace Omk.GitHubAction;

/// <summary>An input or the runner environment is wrong: reported as an error annotation, exit code 2, nothing runs.</summary>
public sealed class ActionUsageException : Exception
{
    public ActionUsageException(string message)
        : base(message)
    {
    }

    public ActionUsageException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ActionUsageException()
    {
    }
}
