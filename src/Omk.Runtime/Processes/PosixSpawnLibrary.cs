using System.Runtime.InteropServices;

namespace Omk.Processes;

/// <summary>
/// The C library calls that start and wait for a child without <see cref="System.Diagnostics.Process"/> on Linux
/// (<see cref="PosixSpawner"/>): <c>posix_spawn</c> with its file actions and attributes, <c>pipe2</c>, <c>waitid</c> and
/// <c>waitpid</c>, and <c>poll</c>, <c>read</c>, <c>write</c> and <c>fcntl</c> on a child's pipes (<c>PosixSpawnLibrary.Pipes.cs</c>). <see cref="IsAvailable"/> says, once per process, whether this is glibc 2.29 or later with every export
/// used here; otherwise children are started through <see cref="System.Diagnostics.Process"/>. When omk itself was
/// started with SIGCHLD ignored (<c>env --ignore-signal=CHLD</c>, some daemons), the kernel would reap every child at
/// once and its exit status would be lost: the probe sets SIGCHLD back to its default action first, as a shell does.
/// </summary>
internal static partial class PosixSpawnLibrary
{
    private const string Library = "libc";

    // glibc's flag values (spawn.h).
    public const short SetSignalDefault = 0x04;
    public const short SetSignalMask = 0x08;
    public const short SetSession = 0x80;

    public const int CloseOnExec = 0x80000; // O_CLOEXEC
    public const int ReadOnly = 0;
    public const int SigPipe = 13;
    public const int Interrupted = 4; // EINTR
    public const int NoChild = 10; // ECHILD

    private const int IdPid = 1; // P_PID
    private const int Exited = 4; // WEXITED
    private const int NoWait = 0x01000000; // WNOWAIT
    private const int NoHang = 1; // WNOHANG
    private const int SiginfoPidOffset = 16; // si_pid in the siginfo_t of a child's state change (x86-64 and arm64)

    // Publication only: a caller never waits for another thread's probe (the proof's warm-up thread, at the lowest priority,
    // probes early; a second probe gives the same answer and only sets SIGCHLD to its default again).
    private static readonly Lazy<bool> Available = new(Probe, LazyThreadSafetyMode.PublicationOnly);

    private const int SigChld = 17;

    private static readonly string[] Exports =
    [
        "gnu_get_libc_version", "signal", "posix_spawn", "posix_spawn_file_actions_init", "posix_spawn_file_actions_destroy",
        "posix_spawn_file_actions_adddup2", "posix_spawn_file_actions_addopen", "posix_spawn_file_actions_addchdir_np",
        "posix_spawnattr_init", "posix_spawnattr_destroy", "posix_spawnattr_setflags", "posix_spawnattr_setsigdefault",
        "posix_spawnattr_setsigmask", "sigemptyset", "sigaddset", "pipe2", "close", "waitid", "waitpid", "poll", "read", "write",
        "fcntl",
    ];

    /// <summary>True on Linux with glibc exporting everything used here (<c>addchdir_np</c>: glibc 2.29+).</summary>
    public static bool IsAvailable => Available.Value;

    /// <summary>Waits until <paramref name="pid"/> has exited, leaving it a zombie (not reaped); false when it is not a child of ours.</summary>
    public static bool WaitForExitUnreaped(int pid)
    {
        var info = Marshal.AllocHGlobal(128); // siginfo_t
        try
        {
            while (true)
            {
                if (WaitId(IdPid, pid, info, Exited | NoWait) == 0)
                {
                    return true;
                }

                if (Marshal.GetLastPInvokeError() != Interrupted)
                {
                    return false;
                }
            }
        }
        finally
        {
            Marshal.FreeHGlobal(info);
        }
    }

    /// <summary>
    /// True once <paramref name="pid"/> has exited (or is not a child of ours any more), without waiting and without reaping it.
    /// </summary>
    public static unsafe bool HasExitedUnreaped(int pid)
    {
        var info = Marshal.AllocHGlobal(128); // siginfo_t, zeroed: with WNOHANG a child still running leaves si_pid 0
        try
        {
            while (true)
            {
                new Span<byte>((void*)info, 128).Clear();
                if (WaitId(IdPid, pid, info, Exited | NoWait | NoHang) == 0)
                {
                    return Marshal.ReadInt32(info, SiginfoPidOffset) != 0;
                }

                if (Marshal.GetLastPInvokeError() != Interrupted)
                {
                    return true;
                }
            }
        }
        finally
        {
            Marshal.FreeHGlobal(info);
        }
    }

    /// <summary>Reaps <paramref name="pid"/> (already exited) and returns its exit code, 128 + the signal when a signal ended it; null when it could not be reaped.</summary>
    public static int? Reap(int pid)
    {
        while (true)
        {
            if (WaitPid(pid, out var status, 0) == pid)
            {
                var signal = status & 0x7f;
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
            }

            if (Marshal.GetLastPInvokeError() != Interrupted)
            {
                return null;
            }
        }
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux()
            || !NativeLibrary.TryLoad(Library, typeof(PosixSpawnLibrary).Assembly, null, out var handle))
        {
            return false;
        }

        foreach (var export in Exports)
        {
            if (!NativeLibrary.TryGetExport(handle, export, out _))
            {
                return false;
            }
        }

        if (IsIgnored(SigChld))
        {
            _ = Signal(SigChld, IntPtr.Zero); // SIG_DFL
        }

        return true;
    }

    // The signal's bit in the SigIgn mask of /proc/self/status (signal n is bit n - 1).
    private static bool IsIgnored(int signal)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("SigIgn:", StringComparison.Ordinal)
                    && ulong.TryParse(line.AsSpan(7).Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var mask))
                {
                    return (mask & (1UL << (signal - 1))) != 0;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No /proc: leave the signal as it is.
        }

        return false;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PipeEnds
    {
        public int Read;
        public int Write;
    }

    [LibraryImport(Library, EntryPoint = "pipe2", SetLastError = true)]
    public static partial int Pipe(out PipeEnds ends, int flags);

    [LibraryImport(Library, EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Spawn(out int pid, string path, IntPtr fileActions, IntPtr attributes, IntPtr argv, IntPtr envp);

    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int FileActionsInit(IntPtr fileActions);

    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int FileActionsDestroy(IntPtr fileActions);

    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static partial int FileActionsDup(IntPtr fileActions, int fd, int newFd);

    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_addopen", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FileActionsOpen(IntPtr fileActions, int fd, string path, int flags, uint mode);

    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_addchdir_np", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FileActionsChangeDirectory(IntPtr fileActions, string path);

    [LibraryImport(Library, EntryPoint = "posix_spawnattr_init")]
    public static partial int AttributesInit(IntPtr attributes);

    [LibraryImport(Library, EntryPoint = "posix_spawnattr_destroy")]
    public static partial int AttributesDestroy(IntPtr attributes);

    [LibraryImport(Library, EntryPoint = "posix_spawnattr_setflags")]
    public static partial int AttributesSetFlags(IntPtr attributes, short flags);

    [LibraryImport(Library, EntryPoint = "posix_spawnattr_setsigdefault")]
    public static partial int AttributesSetSignalDefault(IntPtr attributes, IntPtr signals);

    [LibraryImport(Library, EntryPoint = "posix_spawnattr_setsigmask")]
    public static partial int AttributesSetSignalMask(IntPtr attributes, IntPtr signals);

    [LibraryImport(Library, EntryPoint = "sigemptyset")]
    public static partial int SignalSetEmpty(IntPtr signals);

    [LibraryImport(Library, EntryPoint = "sigaddset")]
    public static partial int SignalSetAdd(IntPtr signals, int signal);

    [LibraryImport(Library, EntryPoint = "signal")]
    private static partial IntPtr Signal(int signal, IntPtr handler);

    [LibraryImport(Library, EntryPoint = "waitid", SetLastError = true)]
    private static partial int WaitId(int idType, int id, IntPtr info, int options);

    [LibraryImport(Library, EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPid(int pid, out int status, int options);
}
