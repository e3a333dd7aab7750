namespace Omk.Processes;

/// <summary>The outcome of one run of a process: exit code, how it ended, timing and output evidence.</summary>
public sealed record ProcessResult
{
    /// <summary>The exit code; null when the process was killed (timeout, cancellation) or never started.</summary>
    public int? ExitCode { get; init; }

    /// <summary>True when the timeout elapsed and the process tree was killed.</summary>
    public bool TimedOut { get; init; }

    /// <summary>True when the caller's token was cancelled and the process tree was killed.</summary>
    public bool Cancelled { get; init; }

    /// <summary>From just before the start until the output was read (or reading was given up).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The first three non-empty lines of stdout (see <see cref="OutputSummary"/>).</summary>
    public string StdoutSummary { get; init; } = "";

    /// <summary>The first three non-empty lines of stderr (see <see cref="OutputSummary"/>).</summary>
    public string StderrSummary { get; init; } = "";

    /// <summary>The last <see cref="ProcessSpec.TailBytes"/> bytes of stdout, decoded as UTF-8.</summary>
    public string StdoutTail { get; init; } = "";

    /// <summary>The last <see cref="ProcessSpec.TailBytes"/> bytes of stderr, decoded as UTF-8.</summary>
    public string StderrTail { get; init; } = "";

    /// <summary>How many bytes the process wrote to stdout (as far as they were read).</summary>
    public long StdoutBytes { get; init; }

    /// <summary>How many bytes the process wrote to stderr (as far as they were read).</summary>
    public long StderrBytes { get; init; }

    /// <summary>The full output log, when one was asked for and could be written.</summary>
    public string? LogPath { get; init; }

    /// <summary>The id of the process, when it started.</summary>
    public int? ProcessId { get; init; }

    /// <summary>Background processes (double-forked and setsid ones included) still running when the program exited, killed then.</summary>
    public int LeftoverProcessesKilled { get; init; }

    /// <summary>Why the process could not be started (program not found, missing working directory ...).</summary>
    public string? StartError { get; init; }

    /// <summary>True when the process exited on its own with code 0.</summary>
    public bool Succeeded => ExitCode == 0;
}
