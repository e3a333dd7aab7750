using System.Runtime.InteropServices;

namespace Omk.Processes;

/// <summary>
/// Makes this process a child subreaper on Linux (<c>prctl(PR_SET_CHILD_SUBREAPER)</c>): a descendant orphaned by a
/// double fork or <c>setsid -f</c> is reparented to Omk instead of init, so it stays findable (a direct child of Omk
/// carrying its tree's <see cref="ProcessTreeMarker"/>) and is killed with the gate or agent that started it.
/// </summary>
internal static partial class ChildSubreaper
{
    private const int PrSetChildSubreaper = 36;

    private static readonly Lazy<bool> Enabled = new(Enable, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when this process is a subreaper (set once, on the first call).</summary>
    public static bool EnsureEnabled() => Enabled.Value;

    private static bool Enable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return SetSubreaper(PrSetChildSubreaper, 1, 0, 0, 0) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int SetSubreaper(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
}
