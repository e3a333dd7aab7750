using System.Runtime.InteropServices;
using static Omk.Processes.PosixSpawnLibrary;

namespace Omk.Processes;

/// <summary>
/// One thread for a spawned gate (<see cref="SpawnedChild"/> started with <see cref="SpawnRequest.CallerWaits"/>): it reads
/// the child's standard output and error as they come, with one <c>poll(2)</c> on both pipes, into their captures, then
/// waits for the child's exit on the same thread. A child that exits while something it left behind still holds the
/// pipes is seen between the poll's slices (a non-blocking <c>waitid</c>), so the runner can kill those leftovers. This
/// replaces a reader thread per pipe and an exit-watching thread: three threads, and their hand-offs, per gate.
/// </summary>
internal sealed class SpawnedWatch
{
    private const int PollSliceMilliseconds = 50;

    private readonly SpawnedChild _child;
    private readonly OutputCapture _output;
    private readonly OutputCapture _errors;
    private readonly int _chunk;
    private readonly TaskCompletionSource _outputEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _abandoned;

    private SpawnedWatch(SpawnedChild child, OutputCapture output, OutputCapture errors, int chunk)
    {
        _child = child;
        _output = output;
        _errors = errors;
        _chunk = chunk;
    }

    /// <summary>Completes when both pipes reached their end (or the watch was abandoned); the captures are complete then.</summary>
    public Task OutputEnded => _outputEnded.Task;

    public static SpawnedWatch Start(SpawnedChild child, OutputCapture output, OutputCapture errors, int chunk)
    {
        var watch = new SpawnedWatch(child, output, errors, chunk);
        new Thread(watch.Run) { IsBackground = true, Name = "omk gate watch" }.Start();
        return watch;
    }

    /// <summary>Stops reading (something outside the tree holds the pipes past the grace): the thread ends within a slice.</summary>
    public void Abandon() => _abandoned = true;

    private void Run()
    {
        // Held until the loop ends, so that disposing the child cannot close (and the process reuse) a descriptor being polled.
        var outputAdded = false;
        var errorsAdded = false;
        try
        {
            _child.OutputHandle.DangerousAddRef(ref outputAdded);
            _child.ErrorHandle.DangerousAddRef(ref errorsAdded);
            Pump((int)_child.OutputHandle.DangerousGetHandle(), (int)_child.ErrorHandle.DangerousGetHandle());
        }
        catch (Exception ex) when (ex is ObjectDisposedException or IOException)
        {
            // The pipes are gone: what was read is what there is.
        }
        finally
        {
            if (outputAdded)
            {
                _child.OutputHandle.DangerousRelease();
            }

            if (errorsAdded)
            {
                _child.ErrorHandle.DangerousRelease();
            }

            _output.Complete();
            _errors.Complete();
            _outputEnded.TrySetResult();
        }

        _child.WaitForExit(); // at once when it exited; otherwise until it ends or the runner kills it
    }

    private unsafe void Pump(int outputFd, int errorsFd)
    {
        var buffer = new byte[_chunk];
        var entries = stackalloc PollEntry[2];
        var (outputOpen, errorsOpen) = (true, true);
        var nextExitCheck = Environment.TickCount64 + PollSliceMilliseconds;
        while ((outputOpen || errorsOpen) && !_abandoned)
        {
            var count = 0;
            if (outputOpen)
            {
                entries[count++] = new PollEntry { Descriptor = outputFd, Events = PollIn };
            }

            if (errorsOpen)
            {
                entries[count++] = new PollEntry { Descriptor = errorsFd, Events = PollIn };
            }

            var ready = Poll(entries, (nuint)count, PollSliceMilliseconds);
            if (ready < 0 && Marshal.GetLastPInvokeError() != Interrupted)
            {
                return; // not expected with valid descriptors: the exit still says what happened
            }

            // Has the child exited while its pipes stay open (a leftover holds them, quiet or not)? Asked once per slice.
            if (ready <= 0 || Environment.TickCount64 >= nextExitCheck)
            {
                _ = _child.TryMarkExited();
                nextExitCheck = Environment.TickCount64 + PollSliceMilliseconds;
            }

            if (ready <= 0)
            {
                continue;
            }

            for (var i = 0; i < count; i++)
            {
                if (entries[i].ReturnedEvents == 0)
                {
                    continue;
                }

                if (entries[i].Descriptor == outputFd)
                {
                    outputOpen = ReadInto(outputFd, buffer, _output);
                }
                else
                {
                    errorsOpen = ReadInto(errorsFd, buffer, _errors);
                }
            }
        }
    }

    // One read of what the pipe holds; false at its end (or when it broke).
    private static bool ReadInto(int fd, byte[] buffer, OutputCapture capture)
    {
        var read = ReadRetrying(fd, buffer, out _);
        if (read > 0)
        {
            capture.Append(buffer.AsSpan(0, (int)read));
            return true;
        }

        return false;
    }
}
