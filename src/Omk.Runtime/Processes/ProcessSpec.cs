namespace Omk.Processes;

/// <summary>What to run and how: the command, where, with which environment, for how long, and where
/// its output goes.</summary>
/// <param name="Command">The command to run.</param>
/// <param name="WorkingDirectory">The working directory; it must exist.</param>
public sealed record ProcessSpec(ProcessCommand Command, string WorkingDirectory)
{
    /// <summary>The default size of each stream's in-memory tail: 64 KiB.</summary>
    public const int DefaultTailBytes = 64 * 1024;

    /// <summary>
    /// Changes to the inherited environment: a value adds or overrides the variable, null removes it.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>When set, the process tree is killed once this much time has passed.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>When set, the full output (stdout and stderr merged by lines) is written to this file,
    /// with a header naming the command and a footer with the outcome. Directories are created.</summary>
    public string? LogPath { get; init; }

    /// <summary>How many of the last bytes of each stream are kept in memory for the result's tails.</summary>
    public int TailBytes { get; init; } = DefaultTailBytes;

    /// <summary>
    /// How long to keep reading after the process exited on its own, when a background process it left
    /// behind still holds stdout or stderr open. Reading then stops and the result is returned.
    /// </summary>
    public TimeSpan OutputGracePeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// On cancellation (a signal to Omk, Ctrl+C), how long the tree has to stop after SIGTERM before it is killed.
    /// A timeout kills at once. Zero kills at once on cancellation too.
    /// </summary>
    public TimeSpan TerminateGracePeriod { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// When the program exits, kill what it left running in the background (double-forked and setsid descendants
    /// included) and count them in <see cref="ProcessResult.LeftoverProcessesKilled"/>. On by default; gates always use it.
    /// </summary>
    public bool LeaveNoDescendants { get; init; } = true;

    /// <summary>
    /// Called for each line of output as it arrives, on a background thread, never concurrently
    /// (lines of both streams in arrival order). Exceptions it throws stop further calls for the run.
    /// </summary>
    public Action<ProcessOutputLine>? OnOutput { get; init; }

    /// <summary>
    /// Applied to every block of whole lines before it reaches the log file, and to the logged command
    /// line: hides secrets in evidence. Returns its argument unchanged (the same instance) when there
    /// is nothing to hide.
    /// </summary>
    public Func<string, string>? Redact { get; init; }

    /// <summary>
    /// Optional, with <see cref="Redact"/>: false when a block of output (UTF-8) certainly needs no redaction, so it
    /// is written as it is, without being decoded.
    /// </summary>
    public Utf8Predicate? MayNeedRedaction { get; init; }
}
