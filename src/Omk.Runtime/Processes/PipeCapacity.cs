using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace Omk.Processes;

/// <summary>
/// Enlarges the pipe a child writes its output to (Linux <c>F_SETPIPE_SZ</c>, 1 MiB instead of 64 KiB), so a chatty
/// child and Omk's reader switch turns 16 times less often. Best effort: a refusal (the per-user pipe limit) keeps 64 KiB.
/// </summary>
internal static partial class PipeCapacity
{
    public const int Bytes = 1024 * 1024;

    private const int SetPipeSize = 1031; // F_SETPIPE_SZ

    public static void Enlarge(Stream stream)
    {
        if (OperatingSystem.IsLinux() && stream is PipeStream pipe)
        {
            Enlarge(pipe.SafePipeHandle);
        }
    }

    /// <summary>Enlarges the pipe <paramref name="handle"/> is an end of.</summary>
    public static void Enlarge(SafeHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = SetSize((int)handle.DangerousGetHandle(), SetPipeSize, Bytes);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or ObjectDisposedException or InvalidOperationException)
        {
            // Keeps the default size.
        }
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int SetSize(int fd, int command, int size);
}
