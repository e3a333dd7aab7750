using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using static Omk.Processes.PosixSpawnLibrary;

namespace Omk.Processes;

/// <summary>
/// Starts one program with <c>posix_spawn</c> (glibc: <c>clone(CLONE_VFORK)</c> then <c>execve</c>, safe in a multithreaded
/// process), without <see cref="System.Diagnostics.Process"/>: no <c>setsid</c> or <c>env</c> program before it, no socket
/// engine for its pipes. The child gets, in order: standard input from <c>/dev/null</c> or a pipe, standard output and
/// error on pipes (created <c>O_CLOEXEC</c>; only the <c>dup2</c> copies on 0, 1 and 2 survive the exec), the working
/// directory, SIGPIPE back to its default action (.NET ignores it, and an ignored signal survives exec: <c>yes | head</c>
/// would fail with "Broken pipe"), an empty signal mask and, when asked, a session and process group of its own.
/// </summary>
internal static class PosixSpawner
{
    private const int FileActionsSize = 256; // glibc: 80 bytes
    private const int AttributesSize = 512; // glibc: 336 bytes
    private const int SignalSetSize = 128;

    /// <summary>The started child, or null with the C library's error number in <paramref name="error"/> (the exec's, when exec failed).</summary>
    public static SpawnedChild? Start(SpawnRequest request, out int error)
    {
        var argv = new List<string>(request.Arguments.Count + 1) { request.ProgramPath };
        argv.AddRange(request.Arguments);
        using var arguments = NativeStringArray.Create(argv);
        using var environment = NativeStringArray.Create(ChildEnvironment.Entries(request.Environment));
        var block = Marshal.AllocHGlobal(FileActionsSize + AttributesSize + (2 * SignalSetSize));
        var fileActions = block;
        var attributes = block + FileActionsSize;
        var defaults = attributes + AttributesSize;
        var mask = defaults + SignalSetSize;
        var input = new PipeEnds { Read = -1, Write = -1 };
        var output = new PipeEnds { Read = -1, Write = -1 };
        var errors = new PipeEnds { Read = -1, Write = -1 };
        _ = FileActionsInit(fileActions);
        _ = AttributesInit(attributes);
        var pid = 0;
        try
        {
            error = OpenPipes(request.WritableInput, ref input, ref output, ref errors);
            if (error == 0)
            {
                error = Prepare(request, fileActions, attributes, defaults, mask, input, output, errors);
            }

            if (error == 0)
            {
                error = Spawn(out pid, request.ProgramPath, fileActions, attributes, arguments.Pointer, environment.Pointer);
            }
        }
        finally
        {
            _ = FileActionsDestroy(fileActions);
            _ = AttributesDestroy(attributes);
            Marshal.FreeHGlobal(block);
            CloseIfOpen(input.Read);
            CloseIfOpen(output.Write);
            CloseIfOpen(errors.Write);
        }

        if (error != 0)
        {
            CloseIfOpen(input.Write);
            CloseIfOpen(output.Read);
            CloseIfOpen(errors.Read);
            return null;
        }

        return new SpawnedChild(
            pid, request.NewSession, request.Marker, Handle(output.Read), Handle(errors.Read), input.Write >= 0 ? Handle(input.Write) : null,
            request.CallerWaits);
    }

    private static int OpenPipes(bool withInput, ref PipeEnds input, ref PipeEnds output, ref PipeEnds errors)
    {
        if ((withInput && !TryPipe(ref input)) || !TryPipe(ref output) || !TryPipe(ref errors))
        {
            return Marshal.GetLastPInvokeError();
        }

        return 0;
    }

    // Both ends are set only when the pipe was made, so a failure never leaves a descriptor number to close that is not ours.
    private static bool TryPipe(ref PipeEnds ends)
    {
        if (Pipe(out var made, CloseOnExec) != 0)
        {
            return false;
        }

        ends = made;
        return true;
    }

    private static int Prepare(
        SpawnRequest request, IntPtr fileActions, IntPtr attributes, IntPtr defaults, IntPtr mask, PipeEnds input, PipeEnds output, PipeEnds errors)
    {
        var inputAction = request.WritableInput
            ? FileActionsDup(fileActions, input.Read, 0)
            : FileActionsOpen(fileActions, 0, "/dev/null", ReadOnly, 0);
        var flags = (short)(SetSignalDefault | SetSignalMask | (request.NewSession ? SetSession : 0));
        return FirstError(
            inputAction,
            FileActionsDup(fileActions, output.Write, 1),
            FileActionsDup(fileActions, errors.Write, 2),
            FileActionsChangeDirectory(fileActions, request.WorkingDirectory),
            SignalSetEmpty(defaults),
            SignalSetAdd(defaults, SigPipe),
            SignalSetEmpty(mask),
            AttributesSetSignalDefault(attributes, defaults),
            AttributesSetSignalMask(attributes, mask),
            AttributesSetFlags(attributes, flags));
    }

    private static int FirstError(params int[] results)
    {
        foreach (var result in results)
        {
            if (result != 0)
            {
                return result > 0 ? result : 22; // the spawn calls return an error number; the signal-set calls -1 (EINVAL)
            }
        }

        return 0;
    }

    private static SafeFileHandle Handle(int fd) => new(fd, ownsHandle: true);

    private static void CloseIfOpen(int fd)
    {
        if (fd >= 0)
        {
            _ = Close(fd);
        }
    }
}
