using System.Globalization;

namespace Omk.Processes;

/// <summary>
/// Runs one process to completion: arguments as a list (no shell unless
/// <see cref="ProcessCommand.Shell"/>), stdin closed at once, stdout and stderr read concurrently as raw
/// chunks into bounded tails and summaries (and the full log, when asked), the whole process tree
/// killed on timeout or cancellation (<see cref="ProcessTreeKiller"/>). Failures to start are reported
/// in <see cref="ProcessResult.StartError"/>, never thrown. On Linux the program is started directly with
/// <c>posix_spawn</c> (<see cref="PosixSpawner"/>), elsewhere through <see cref="System.Diagnostics.Process"/>.
/// </summary>
public sealed partial class ProcessRunner
{
    private const int ReadChunk = PipeCapacity.Bytes;
    private static readonly TimeSpan ExitWaitAfterKill = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _time;
    private readonly bool _processOnly;

    /// <summary>A runner that measures time and timeouts with <paramref name="timeProvider"/> (the system clock by default).</summary>
    public ProcessRunner(TimeProvider? timeProvider = null)
        : this(timeProvider, processOnly: false)
    {
    }

    /// <summary>A runner that, when <paramref name="processOnly"/>, starts through <see cref="System.Diagnostics.Process"/> on every system.</summary>
    internal ProcessRunner(TimeProvider? timeProvider, bool processOnly)
    {
        _time = timeProvider ?? TimeProvider.System;
        _processOnly = processOnly;
    }

    /// <summary>
    /// Runs <paramref name="spec"/> and returns how it ended. Cancelling <paramref name="cancellationToken"/>
    /// kills the process tree and returns a result with <see cref="ProcessResult.Cancelled"/> set.
    /// Only an invalid spec (no program, negative timeout or tail size) throws.
    /// </summary>
    public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(spec.Command);
        ArgumentNullException.ThrowIfNull(spec.WorkingDirectory);
        ArgumentException.ThrowIfNullOrEmpty(spec.Command.Program);
        ArgumentOutOfRangeException.ThrowIfNegative(spec.TailBytes);
        if (spec.Timeout is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, TimeSpan.Zero);
        }

        var started = _time.GetTimestamp();
        var program = spec.Command.Program;
        var workingDirectory = Path.GetFullPath(spec.WorkingDirectory.Length == 0 ? "." : spec.WorkingDirectory);
        var logPath = spec.LogPath is null ? null : Path.GetFullPath(spec.LogPath);

        ProcessOutputSink sink;
        try
        {
            sink = ProcessOutputSink.Open(logPath, spec.Command.CommandLine, workingDirectory, spec.OnOutput, spec.Redact, spec.MayNeedRedaction);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(new ProcessResult
            {
                Duration = _time.GetElapsedTime(started),
                StartError = $"cannot write the log file {logPath} for program '{program}': {ex.Message}",
            });
        }

        // Not an async method: a started process is watched by WatchAsync, which owns the child and the sink from then on
        // (one state machine per run instead of two, in every short-lived omk process).
        var watched = false;
        try
        {
            string? error;
            if (!Directory.Exists(workingDirectory))
            {
                error = $"working directory '{workingDirectory}' does not exist (program '{program}')";
            }
            else if (cancellationToken.IsCancellationRequested)
            {
                sink.Close("# cancelled before start");
                return Task.FromResult(new ProcessResult { Cancelled = true, Duration = _time.GetElapsedTime(started), LogPath = logPath });
            }
            else if (Start(spec, workingDirectory, out error) is { } child)
            {
                watched = true;
                return WatchAsync(child, spec, sink, started, logPath, cancellationToken);
            }

            sink.Close($"# failed to start: {error}");
            return Task.FromResult(new ProcessResult { Duration = _time.GetElapsedTime(started), LogPath = logPath, StartError = error });
        }
        finally
        {
            if (!watched)
            {
                sink.Dispose();
            }
        }
    }

    private async Task<ProcessResult> WatchAsync(
        IRunningChild process, ProcessSpec spec, ProcessOutputSink sink, long started, string? logPath, CancellationToken cancellationToken)
    {
        using var ownedProcess = process;
        using var ownedSink = sink;
        var processId = process.Id;
        var stdout = new OutputCapture(ProcessOutputStream.Stdout, sink, spec.TailBytes);
        var stderr = new OutputCapture(ProcessOutputStream.Stderr, sink, spec.TailBytes);
        // Blocking reads on threads of their own: an async read per 64 KiB chunk hops through the thread pool, whose workers
        // spin between chunks; on a gate printing 1 GB that spinning cost more than the work (docs/performance.md). A spawned
        // child has one thread for both pipes and its exit (SpawnedWatch); a Process one thread per pipe.
        var watch = process is SpawnedChild spawned ? SpawnedWatch.Start(spawned, stdout, stderr, ReadChunk) : null;
        var readers = watch?.OutputEnded ?? Task.WhenAll(
            Task.Factory.StartNew(() => Pump(process.StandardOutput, stdout), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default),
            Task.Factory.StartNew(() => Pump(process.StandardError, stderr), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));

        using var timeout = spec.Timeout is { } limit ? new CancellationTokenSource(limit, _time) : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

        int? exitCode = null;
        var killed = false;
        var outputAbandoned = false;
        var leftovers = 0;
        try
        {
            await process.WaitForExitAsync(stop.Token);

            // A process that exits leaves nothing behind: what it started in the background is killed (and said so).
            // Before the exit status is collected: a spawned child stays a zombie until then, so its pid is not reused.
            leftovers = spec.LeaveNoDescendants ? process.KillLeftovers() : 0;
            exitCode = process.ExitCode;

            // A background process left behind may hold the pipes open: read on for a short grace only.
            outputAbandoned = !await WaitAsync(readers, spec.OutputGracePeriod, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            killed = true;
            if (cancellationToken.IsCancellationRequested && !process.HasExited && spec.TerminateGracePeriod > TimeSpan.Zero)
            {
                // Cancelled (a signal, Ctrl+C): ask the tree to stop first, as a terminal would, then kill what is left.
                process.Terminate();
                await WaitAsync(process.WaitForExitAsync(CancellationToken.None), spec.TerminateGracePeriod, CancellationToken.None);
            }

            leftovers = process.Kill();
            await WaitAsync(process.WaitForExitAsync(CancellationToken.None), ExitWaitAfterKill, CancellationToken.None);
            await WaitAsync(readers, spec.OutputGracePeriod, CancellationToken.None);
        }

        // Stop taking output (a reader given up on may still be blocked on a pipe) and flush partial lines.
        watch?.Abandon();
        stdout.Complete();
        stderr.Complete();
        var duration = _time.GetElapsedTime(started);
        var cancelled = killed && cancellationToken.IsCancellationRequested;
        var timedOut = killed && !cancelled;
        sink.Close(Footer(exitCode, duration, timedOut, cancelled, outputAbandoned, spec, killed ? 0 : leftovers));

        return new ProcessResult
        {
            // Killed means no exit code, even when the main process had exited and only its leftovers
            // were killed (the timeout or cancellation came while they still held the output open).
            ExitCode = killed ? null : exitCode,
            TimedOut = timedOut,
            Cancelled = cancelled,
            Duration = duration,
            StdoutSummary = stdout.Summary(),
            StderrSummary = stderr.Summary(),
            StdoutTail = stdout.Tail(),
            StderrTail = stderr.Tail(),
            StdoutBytes = stdout.Bytes,
            StderrBytes = stderr.Bytes,
            LogPath = logPath,
            ProcessId = processId,
            LeftoverProcessesKilled = killed ? 0 : leftovers,
        };
    }

    private static void Pump(Stream stream, OutputCapture capture)
    {
        var buffer = new byte[ReadChunk];
        try
        {
            while (true)
            {
                var read = stream.Read(buffer);
                if (read == 0)
                {
                    break;
                }

                capture.Append(buffer.AsSpan(0, read));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The pipe broke or was closed under us: what was read is what there is.
        }

        capture.Complete();
    }

    /// <summary>Waits for <paramref name="task"/> at most <paramref name="limit"/>; false when the limit passed first.</summary>
    private async Task<bool> WaitAsync(Task task, TimeSpan limit, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(limit, _time, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static string Footer(int? exitCode, TimeSpan duration, bool timedOut, bool cancelled, bool outputAbandoned, ProcessSpec spec, int leftovers)
    {
        var lines = new List<string>();
        if (leftovers > 0)
        {
            lines.Add($"# {leftovers.ToString(CultureInfo.InvariantCulture)} background process(es) still running when the program exited were killed");
        }

        if (outputAbandoned)
        {
            lines.Add($"# output still open {Seconds(spec.OutputGracePeriod)} s after the process exited "
                + "(a background process holds it); stopped reading");
        }

        if (exitCode is { } code)
        {
            lines.Add($"# exit code {code.ToString(CultureInfo.InvariantCulture)} after {Seconds(duration)} s");
        }

        if (timedOut)
        {
            lines.Add($"# timed out after {Seconds(spec.Timeout ?? duration)} s; process tree killed");
        }
        else if (cancelled)
        {
            lines.Add("# cancelled; process tree killed");
        }

        return string.Join('\n', lines);
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture);
}
