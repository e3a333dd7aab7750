using System.Runtime.InteropServices;

namespace Omk.Storage;

/// <summary>
/// Creates a directory that must not exist yet, atomically: <c>mkdir(2)</c> (or <c>CreateDirectoryW</c>), which fails
/// when the path exists. <see cref="Directory.CreateDirectory(string)"/> succeeds on an existing directory, so two
/// processes could both believe they created it.
/// </summary>
public static partial class ExclusiveDirectory
{
    /// <summary>True when this call created <paramref name="path"/>; false when it already existed. Other failures throw.</summary>
    public static bool TryCreate(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            if (CreateDirectoryW(path, IntPtr.Zero))
            {
                return true;
            }

            var error = Marshal.GetLastPInvokeError();
            return error == 183 ? false : throw new IOException($"Cannot create the directory '{path}' (Windows error {error}).");
        }

        if (MakeDirectory(path, 0x1FF /* 0777, less the umask */) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        const int EEXIST = 17;
        if (errno == EEXIST)
        {
            return false;
        }

        throw new IOException($"Cannot create the directory '{path}': {Marshal.GetPInvokeErrorMessage(errno)}.");
    }

    // Source-generated marshalling (as every libc call here): the runtime then JIT-compiles no marshalling stub for it, which a
    // [DllImport] with a string costs every omk process that creates a run (a fully optimised stub, about a millisecond).
    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MakeDirectory(string path, uint mode);

    [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool CreateDirectoryW(string path, IntPtr securityAttributes);
}
