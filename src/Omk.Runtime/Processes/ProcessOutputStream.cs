namespace Omk.Processes;

/// <summary>Which output stream of a child process a piece of output came from.</summary>
public enum ProcessOutputStream
{
    /// <summary>Standard output.</summary>
    Stdout,

    /// <summary>Standard error.</summary>
    Stderr,
}
