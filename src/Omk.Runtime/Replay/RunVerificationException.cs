namespace Omk.Replay;

/// <summary>A run that cannot be re-verified (not a proof run, no commit, a missing or altered patch); the message says why.</summary>
public sealed class RunVerificationException : Exception
{
    public RunVerificationException(string message)
        : base(message)
    {
    }

    public RunVerificationException()
    {
    }

    public RunVerificationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
