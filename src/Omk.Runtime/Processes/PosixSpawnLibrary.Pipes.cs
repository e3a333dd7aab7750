using System.Runtime.InteropServices;

namespace Omk.Processes;

/// <summary>The calls that move a child's pipes on one thread (<see cref="SpawnedCapture"/>): <c>poll</c>, <c>read</c>, <c>write</c>, <c>fcntl</c>.</summary>
internal static partial class PosixSpawnLibrary
{
    public const short PollIn = 0x001; // POLLIN
    public const short PollOut = 0x004; // POLLOUT
    public const short PollError = 0x008; // POLLERR
    public const short PollHangUp = 0x010; // POLLHUP
    public const short PollInvalid = 0x020; // POLLNVAL
    public const int WouldBlock = 11; // EAGAIN

    private const int GetStatusFlags = 3; // F_GETFL
    private const int SetStatusFlags = 4; // F_SETFL
    private const int NonBlocking = 0x800; // O_NONBLOCK

    /// <summary>One entry of <c>poll</c>'s array (<c>struct pollfd</c>).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollEntry
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }

    /// <summary>Makes writes to <paramref name="fd"/> return at once with what fit (the other end of its pipe keeps blocking reads).</summary>
    public static bool SetNonBlocking(int fd)
    {
        var flags = Control(fd, GetStatusFlags, 0);
        return flags >= 0 && Control(fd, SetStatusFlags, flags | NonBlocking) == 0;
    }

    /// <summary>
    /// One read of what <paramref name="fd"/> holds into <paramref name="buffer"/>, again when a signal interrupts it: the
    /// bytes read, 0 at the pipe's end, or -1 with <paramref name="error"/> set (EAGAIN on an empty non-blocking pipe).
    /// </summary>
    public static unsafe nint ReadRetrying(int fd, byte[] buffer, out int error)
    {
        while (true)
        {
            nint read;
            fixed (byte* start = buffer)
            {
                read = Read(fd, start, (nuint)buffer.Length);
            }

            error = read < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (read >= 0 || error != Interrupted)
            {
                return read;
            }
        }
    }

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    public static unsafe partial int Poll(PollEntry* entries, nuint count, int timeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Control(int fd, int command, int argument);
}
