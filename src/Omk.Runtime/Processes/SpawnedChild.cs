namespace Omk.Processes;

/// <summary>
/// A child started by <see cref="PosixSpawner"/>: its pid, the parent's ends of its pipes, and its exit. A thread of its
/// own waits for the exit without reaping (<c>waitid(WNOWAIT)</c>), so the pid (and the process group it names) stays
/// reserved, never reused by an unrelated process, until the leftover check and any kill are done; the exit status is
/// collected after that (<see cref="ExitCode"/>), or by the waiting thread when the child is disposed before it exited.
/// A caller that waits for the exit on its own thread (<see cref="SpawnRequest.CallerWaits"/>) calls <see cref="WaitForExit"/>
/// instead, and no thread is started unless the child is disposed before it was waited for. No zombie is left either way. .NET's SIGCHLD handling reaps only the children it started through
/// <see cref="System.Diagnostics.Process"/>, so these pids are ours alone.
/// </summary>
internal sealed class SpawnedChild : IRunningChild
{
    private readonly object _gate = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _ownsGroup;
    private readonly string? _marker;
    private readonly bool _callerWaits;
    private bool _hasExited;
    private bool _reaped;
    private bool _reapWhenExited;
    private int? _exitCode;

    public SpawnedChild(int pid, bool ownsGroup, string? marker, Microsoft.Win32.SafeHandles.SafeFileHandle output,
        Microsoft.Win32.SafeHandles.SafeFileHandle errors, Microsoft.Win32.SafeHandles.SafeFileHandle? input, bool callerWaits = false)
    {
        Id = pid;
        _ownsGroup = ownsGroup;
        _marker = marker;
        _callerWaits = callerWaits;
        OutputHandle = output;
        ErrorHandle = errors;
        InputHandle = input;
        PipeCapacity.Enlarge(output);
        PipeCapacity.Enlarge(errors);
        StandardOutput = new FileStream(output, FileAccess.Read, 0);
        StandardError = new FileStream(errors, FileAccess.Read, 0);
        StandardInput = input is null ? null : new FileStream(input, FileAccess.Write, 0);
        if (!callerWaits)
        {
            StartExitWatcher();
        }
    }

    public int Id { get; }

    public Stream StandardOutput { get; }

    public Stream StandardError { get; }

    /// <summary>The child's standard input, when it was asked for (<see cref="SpawnRequest.WritableInput"/>).</summary>
    public Stream? StandardInput { get; }

    /// <summary>The descriptors behind <see cref="StandardOutput"/>, <see cref="StandardError"/> and <see cref="StandardInput"/>, for <c>poll</c>.</summary>
    public Microsoft.Win32.SafeHandles.SafeFileHandle OutputHandle { get; }

    public Microsoft.Win32.SafeHandles.SafeFileHandle ErrorHandle { get; }

    public Microsoft.Win32.SafeHandles.SafeFileHandle? InputHandle { get; }

    public bool HasExited => _exited.Task.IsCompleted;

    public int? ExitCode
    {
        get
        {
            lock (_gate)
            {
                if (!_hasExited)
                {
                    throw new InvalidOperationException($"process {Id} has not exited");
                }

                ReapLocked();
                return _exitCode;
            }
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _exited.Task.WaitAsync(cancellationToken);

    public int KillLeftovers()
    {
        bool unreaped;
        lock (_gate)
        {
            unreaped = _hasExited && !_reaped;
        }

        return ProcessTreeKiller.KillLeftovers(Id, _ownsGroup, _marker, unreaped);
    }

    public void Terminate() => ProcessTreeKiller.Terminate(Id, _ownsGroup, _marker);

    public int Kill() => ProcessTreeKiller.Kill(Id, _ownsGroup, _marker);

    public void Dispose()
    {
        StandardInput?.Dispose();
        StandardOutput.Dispose();
        StandardError.Dispose();
        lock (_gate)
        {
            if (_hasExited)
            {
                ReapLocked();
            }
            else if (!_reapWhenExited)
            {
                _reapWhenExited = true;
                if (_callerWaits)
                {
                    StartExitWatcher(); // the caller did not wait (it failed first): this thread reaps the child when it ends
                }
            }
        }
    }

    /// <summary>Blocks until the child has exited, without reaping it (<see cref="ExitCode"/> reaps).</summary>
    public void WaitForExit()
    {
        var waited = PosixSpawnLibrary.WaitForExitUnreaped(Id);
        lock (_gate)
        {
            _hasExited = true;
            _reaped = !waited; // not a child of ours any more: nothing to reap, its status is lost
            if (_reapWhenExited)
            {
                ReapLocked();
            }
        }

        _exited.TrySetResult();
    }

    /// <summary>Marks the child exited when it has (not reaped, as <see cref="WaitForExit"/>); false while it runs. Does not block.</summary>
    public bool TryMarkExited()
    {
        if (HasExited)
        {
            return true;
        }

        if (!PosixSpawnLibrary.HasExitedUnreaped(Id))
        {
            return false;
        }

        WaitForExit(); // returns at once: the child is a zombie, or not ours any more
        return true;
    }

    private void StartExitWatcher() => new Thread(WaitForExit) { IsBackground = true, Name = "omk child exit" }.Start();

    private void ReapLocked()
    {
        if (!_reaped)
        {
            _reaped = true;
            _exitCode = PosixSpawnLibrary.Reap(Id);
        }
    }
}
