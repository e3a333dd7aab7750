namespace Omk.Events;

/// <summary>An append to a run whose terminal event is written: the verdict is sealed and the log takes no more facts.</summary>
public sealed class RunSealedException : InvalidOperationException
{
    public RunSealedException()
    {
    }

    public RunSealedException(string message)
        : base(message)
    {
    }

    public RunSealedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
