using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Omk.Processes;

/// <summary>
/// An environment variable, <c>OMK_PROCESS_TREE=&lt;id&gt;</c>, given to every child Omk starts and inherited by all its
/// descendants. A descendant that left the child's process group and session (<c>setsid -f</c>) and was orphaned is
/// reparented to Omk (<see cref="ChildSubreaper"/>); the marker in its <c>/proc/PID/environ</c> says whose it is.
/// </summary>
internal static class ProcessTreeMarker
{
    public const string Variable = "OMK_PROCESS_TREE";

    /// <summary>Gives the child a fresh marker; returns it.</summary>
    public static string Assign(ProcessStartInfo info)
    {
        var marker = New();
        info.Environment[Variable] = marker;
        return marker;
    }

    /// <summary>A fresh marker, for a child's environment (<see cref="Variable"/>).</summary>
    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>The marker given to a started child, or null.</summary>
    public static string? Of(Process process)
    {
        try
        {
            return process.StartInfo.Environment.TryGetValue(Variable, out var marker) ? marker : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>True when the environment <c>pid</c> started with holds <paramref name="marker"/>.</summary>
    public static bool Carries(int pid, string marker)
    {
        byte[] environ;
        try
        {
            environ = File.ReadAllBytes($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/environ");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        var needle = Encoding.ASCII.GetBytes(Variable + "=" + marker + "\0");
        return environ.AsSpan().IndexOf(needle) >= 0 || environ.AsSpan().EndsWith(needle.AsSpan(0, needle.Length - 1));
    }
}
