using System.Buffers;
using static Omk.Processes.PosixSpawnLibrary;

namespace Omk.Processes;

/// <summary>What a <see cref="SpawnedCapture"/> ends with: the exit code and the whole output, or <see cref="Stopped"/>.</summary>
/// <param name="ExitCode">The child's exit code (128 + the signal when a signal ended it); -1 when it could not be collected.</param>
/// <param name="Output">Everything the child wrote to its standard output.</param>
/// <param name="Errors">Everything the child wrote to its standard error.</param>
/// <param name="Stopped">The stop token fired before the child exited: its tree was killed, the output is partial.</param>
internal sealed record CapturedRun(int ExitCode, byte[] Output, byte[] Errors, bool Stopped);

/// <summary>
/// Runs a spawned child to completion on the calling thread alone (no reader, writer or exit-watching thread): its input
/// is written without blocking as the pipe takes it, its standard output and error are read as they come with one
/// <c>poll(2)</c> on the three pipes, then its exit is awaited with <c>waitid</c> and collected. A short child (one git
/// call) so costs its own run and a few system calls, with no hand-off between threads. A stop token (cancellation or a
/// timeout) kills the child's tree from the thread that fires it; the pipes then reach their end, and the poll's bounded
/// slice ends the reading even if something outside the tree still holds them.
/// </summary>
internal sealed class SpawnedCapture
{
    private const int PollSliceMilliseconds = 100;
    private const int ReadSize = 64 * 1024;

    private readonly object _gate = new();
    private readonly SpawnedChild _child;
    private bool _exited;
    private volatile bool _stopped;

    private SpawnedCapture(SpawnedChild child) => _child = child;

    /// <summary>Runs <paramref name="child"/> (started with <see cref="SpawnRequest.CallerWaits"/>) to its exit; <paramref name="input"/> goes to its standard input.</summary>
    public static CapturedRun Run(SpawnedChild child, byte[]? input, CancellationToken stop)
    {
        var capture = new SpawnedCapture(child);
        var output = new MemoryStream();
        var errors = new MemoryStream();
        using (stop.Register(capture.Stop))
        {
            capture.Drain(input ?? [], output, errors);
            child.WaitForExit();
            lock (capture._gate)
            {
                capture._exited = true;
            }
        }

        return new CapturedRun(child.ExitCode ?? -1, output.ToArray(), errors.ToArray(), capture._stopped);
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

    private unsafe void Drain(byte[] input, MemoryStream output, MemoryStream errors)
    {
        var outputFd = (int)_child.OutputHandle.DangerousGetHandle();
        var errorsFd = (int)_child.ErrorHandle.DangerousGetHandle();
        var inputFd = _child.InputHandle is { } handle ? (int)handle.DangerousGetHandle() : -1;
        var inputOpen = inputFd >= 0 && (input.Length == 0 ? CloseInput() : SetNonBlocking(inputFd) || true); // fcntl fails only on a bad descriptor
        var written = 0;
        var writable = true;
        var outputOpen = true;
        var errorsOpen = true;
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        var entries = stackalloc PollEntry[3];
        try
        {
            while ((outputOpen || errorsOpen || inputOpen) && !_stopped)
            {
                if (inputOpen && writable)
                {
                    if (!WriteSome(inputFd, input, ref written, out writable) || written == input.Length)
                    {
                        inputOpen = CloseInput();
                    }
                }

                var count = 0;
                Add(entries, ref count, outputOpen ? outputFd : -1, PollIn);
                Add(entries, ref count, errorsOpen ? errorsFd : -1, PollIn);
                Add(entries, ref count, inputOpen ? inputFd : -1, PollOut);
                if (count == 0)
                {
                    break;
                }

                var ready = Poll(entries, (nuint)count, PollSliceMilliseconds);
                if (ready < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() != Interrupted)
                {
                    break; // not expected with valid descriptors; the exit and what was read still say what happened
                }

                for (var i = 0; ready > 0 && i < count; i++)
                {
                    var entry = entries[i];
                    if (entry.ReturnedEvents == 0)
                    {
                        continue;
                    }

                    if (entry.Descriptor == inputFd)
                    {
                        writable = (entry.ReturnedEvents & PollOut) != 0;
                        if ((entry.ReturnedEvents & (PollError | PollHangUp | PollInvalid)) != 0)
                        {
                            inputOpen = CloseInput(); // the child closed its standard input: the rest is not wanted
                        }
                    }
                    else if (entry.Descriptor == outputFd)
                    {
                        outputOpen = ReadSome(outputFd, buffer, output);
                    }
                    else
                    {
                        errorsOpen = ReadSome(errorsFd, buffer, errors);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (inputOpen)
            {
                CloseInput();
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
    private static unsafe bool ReadSome(int fd, byte[] buffer, MemoryStream sink)
    {
        while (true)
        {
            nint read;
            fixed (byte* start = buffer)
            {
                read = Read(fd, start, (nuint)buffer.Length);
            }

            if (read > 0)
            {
                sink.Write(buffer, 0, (int)read);
                return true;
            }

            if (read == 0)
            {
                return false;
            }

            var error = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (error != Interrupted)
            {
                return error == WouldBlock;
            }
        }
    }

    // Writes what the pipe takes now; false when the child stopped reading (EPIPE: it failed early or was killed).
    private static unsafe bool WriteSome(int fd, byte[] input, ref int written, out bool writable)
    {
        writable = true;
        while (written < input.Length)
        {
            nint count;
            fixed (byte* start = &input[written])
            {
                count = Write(fd, start, (nuint)(input.Length - written));
            }

            if (count > 0)
            {
                written += (int)count;
                continue;
            }

            var error = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (error == WouldBlock)
            {
                writable = false;
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
