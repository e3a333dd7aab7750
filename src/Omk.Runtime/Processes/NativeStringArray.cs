using System.Runtime.InteropServices;
using System.Text;

namespace Omk.Processes;

/// <summary>
/// A NULL-terminated array of NUL-terminated UTF-8 strings in one block of unmanaged memory (an <c>argv</c> or
/// <c>envp</c> for <c>posix_spawn</c>): the pointer table first, the strings after it. Freed on dispose.
/// </summary>
internal sealed class NativeStringArray : IDisposable
{
    private NativeStringArray(IntPtr block) => Pointer = block;

    /// <summary>The address of the pointer table.</summary>
    public IntPtr Pointer { get; private set; }

    public static NativeStringArray Create(IReadOnlyList<string> strings)
    {
        var table = (strings.Count + 1) * IntPtr.Size;
        var size = table;
        foreach (var text in strings)
        {
            size += Encoding.UTF8.GetByteCount(text) + 1;
        }

        var bytes = new byte[size - table];
        var block = Marshal.AllocHGlobal(size);
        var offset = 0;
        for (var i = 0; i < strings.Count; i++)
        {
            Marshal.WriteIntPtr(block, i * IntPtr.Size, block + table + offset);
            offset += Encoding.UTF8.GetBytes(strings[i], bytes.AsSpan(offset)) + 1; // the byte after it stays 0
        }

        Marshal.WriteIntPtr(block, strings.Count * IntPtr.Size, IntPtr.Zero);
        Marshal.Copy(bytes, 0, block + table, bytes.Length);
        return new NativeStringArray(block);
    }

    public void Dispose()
    {
        if (Pointer != IntPtr.Zero)
        {
            Marshal.FreeHGlobal(Pointer);
            Pointer = IntPtr.Zero;
        }
    }
}
