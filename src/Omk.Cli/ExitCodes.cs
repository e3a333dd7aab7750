namespace Omk.Cli;

/// <summary>The exit code contract of every omk command.</summary>
public static class ExitCodes
{
    /// <summary>Ready (or the command did what was asked).</summary>
    public const int Ready = 0;

    /// <summary>Not ready or failed.</summary>
    public const int NotReady = 1;

    /// <summary>Usage or configuration error: nothing ran.</summary>
    public const int Usage = 2;
}
