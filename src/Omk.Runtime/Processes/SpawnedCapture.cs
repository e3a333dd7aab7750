using System.Buffers;
using System.Diagnostics;
using System.Runtime.InteropServices;
using static Omk.Processes.PosixSpawnLibrary;

namespace Omk.Processes;

/// <summary>
/// Runs a spawned child to completion on one thread at a time (no reader, writer or exit-watching thread): its input is
/// written without blocking as the pipe takes it, its standard output and error are read as they come with one
/// <c>poll(2)</c> on the three pipes (<see cref="Pump"/>), then its exit is awaited with <c>waitid</c> and collected
/// (<see cref="Finish"/>). A short child (one git call) so costs its own run and a few system calls, with no hand-off
/// between threads; a caller may pump for a while on its own thread and hand the rest to another. A stop token
/// (cancellation) kills the child's tree from the thread that fires it; the timeout is checked between the poll's bounded
/// slices by the pumping thread itself (no timer, no timer thread, for a call that takes a millisecond), and kills it the
/// same way. The pipes then reach their end, and the slice ends the pumping even if something outside the tree still
/// holds them.
/// </summary>
internal sealed class SpawnedCapture
{
    private const int PollSliceMilliseconds = 100;
    private const int ReadSize = 64 * 1024;

    private readonly object _gate = new();
    private readonly SpawnedChild _child;
    private readonly byte[] _input;
    private readonly int _outputFd;
    private readonly int _errorsFd;
    private readonly int _inputFd;
    private readonly MemoryStream _output = new();
    private readonly MemoryStream _errors = new();
    private readonly CancellationTokenRegistration _registration;
    private readonly long _deadline;
    private bool _exited;
    private volatile bool _stopped;
    private int _written;
    private bool _writable = true;
    private bool _inputOpen;
    private bool _outputOpen = true;
    private bool _errorsOpen = true;

    private SpawnedCapture(SpawnedChild child, byte[] input, CancellationToken stop, TimeSpan timeout)
    {
        _deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        _child = child;
        _input = input;
        _outputFd = (int)child.OutputHandle.DangerousGetHandle();
        _errorsFd = (int)child.ErrorHandle.DangerousGetHandle();
        _inputFd = child.InputHandle is { } handle ? (int)handle.DangerousGetHandle() : -1;
        _inputOpen = _inputFd >= 0 && (input.Length == 0 ? CloseInput() : SetNonBlocking(_inputFd) || true); // fcntl fails only on a bad descriptor
        _registration = stop.Register(Stop);
    }

    /// <summary>
    /// Starts moving the pipes of <paramref name="child"/> (started with <see cref="SpawnRequest.CallerWaits"/>); <paramref name="input"/>
    /// goes to its standard input. Cancelling <paramref name="stop"/>, or <paramref name="timeout"/> passing while it is pumped, kills it.
    /// </summary>
    public static SpawnedCapture Start(SpawnedChild child, byte[]? input, CancellationToken stop, TimeSpan timeout) => new(child, input ?? [], stop, timeout);

    /// <summary>Writes the input and reads both outputs until they end (true), or <paramref name="budget"/> has passed (false; call again).</summary>
    public bool Pump(TimeSpan budget)
    {
        var deadline = budget == Timeout.InfiniteTimeSpan ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            while ((_outputOpen || _errorsOpen || _inputOpen) && !_stopped)
            {
                var now = Stopwatch.GetTimestamp();
                if (now >= _deadline)
                {
                    Stop();
                    break;
                }

                var until = Math.Min(deadline, _deadline);
                var left = until == long.MaxValue ? PollSliceMilliseconds : (int)Math.Min(PollSliceMilliseconds, Math.Max(0, until - now) * 1000 / Stopwatch.Frequency);
                if (left <= 0 && deadline <= _deadline)
                {
                    return false;
                }

                PumpOnce(buffer, left);
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Waits for the child's exit (it ended, or was killed when stopped) and returns what it gave.</summary>
    public CapturedRun Finish()
    {
        if (_inputOpen)
        {
            _inputOpen = CloseInput();
        }

        _child.WaitForExit();
        lock (_gate)
        {
            _exited = true;
        }

        _registration.Dispose();
        return new CapturedRun(_child.ExitCode ?? -1, _output.ToArray(), _errors.ToArray(), _stopped);
    }

    // The kill happens only while the child is not yet known to have exited: once it has, it is reaped and its pid may be reused.
    private void Stop()
    {
        lock (_gate)
        {
            if (!_exited)
            {
                _stopped = true;
                _child.Kill();
            }
        }
    }

    private unsafe void PumpOnce(byte[] buffer, int timeoutMilliseconds)
    {
        if (_inputOpen && _writable && (!WriteSome() || _written == _input.Length))
        {
            _inputOpen = CloseInput();
        }

        var entries = stackalloc PollEntry[3];
        var count = 0;
        Add(entries, ref count, _outputOpen ? _outputFd : -1, PollIn);
        Add(entries, ref count, _errorsOpen ? _errorsFd : -1, PollIn);
        Add(entries, ref count, _inputOpen ? _inputFd : -1, PollOut);
        var ready = count == 0 ? 0 : Poll(entries, (nuint)count, timeoutMilliseconds);
        if (ready < 0 && Marshal.GetLastPInvokeError() != Interrupted)
        {
            _outputOpen = _errorsOpen = _inputOpen = CloseInput(); // not expected with valid descriptors: the exit still says what happened
        }

        if (ready <= 0)
        {
            return; // nothing left, the slice passed, or a signal interrupted the poll (EINTR): the caller's loop decides
        }

        for (var i = 0; i < count; i++)
        {
            var entry = entries[i];
            if (entry.ReturnedEvents == 0)
            {
                continue;
            }

            if (entry.Descriptor == _inputFd)
            {
                _writable = (entry.ReturnedEvents & PollOut) != 0;
                if ((entry.ReturnedEvents & (PollError | PollHangUp | PollInvalid)) != 0)
                {
                    _inputOpen = CloseInput(); // the child closed its standard input: the rest is not wanted
                }
            }
            else if (entry.Descriptor == _outputFd)
            {
                _outputOpen = ReadSome(_outputFd, buffer, _output);
            }
            else
            {
                _errorsOpen = ReadSome(_errorsFd, buffer, _errors);
            }
        }
    }

    private static unsafe void Add(PollEntry* entries, ref int count, int fd, short events)
    {
        if (fd >= 0)
        {
            entries[count++] = new PollEntry { Descriptor = fd, Events = events };
        }
    }

    // Closes the child's standard input (its end of file); always false: the input is no longer open.
    private bool CloseInput()
    {
        _child.StandardInput?.Dispose();
        return false;
    }

    // False when the pipe is at its end (or broken); true while it may still give more.
    private static bool ReadSome(int fd, byte[] buffer, MemoryStream sink)
    {
        var read = ReadRetrying(fd, buffer, out var error);
        if (read > 0)
        {
            sink.Write(buffer, 0, (int)read);
            return true;
        }

        return read < 0 && error == WouldBlock;
    }

    // Writes what the pipe takes now; false when the child stopped reading (EPIPE: it failed early or was killed).
    private unsafe bool WriteSome()
    {
        while (_written < _input.Length)
        {
            nint count;
            fixed (byte* start = &_input[_written])
            {
                count = Write(_inputFd, start, (nuint)(_input.Length - _written));
            }

            if (count > 0)
            {
                _written += (int)count;
                continue;
            }

            var error = Marshal.GetLastPInvokeError();
            if (error == WouldBlock)
            {
                _writable = false;
                return true;
            }

            if (error != Interrupted)
            {
                return false;
            }
        }

        return true;
    }
}
