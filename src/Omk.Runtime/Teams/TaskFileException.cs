namespace Omk.Teams;

/// <summary>A task file is not valid; the message names the file, the task and the field at fault.</summary>
public sealed class TaskFileException : Exception
{
    public TaskFileException(string message)
        : base(message)
    {
    }

    public TaskFileException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public TaskFileException()
    {
    }
}
