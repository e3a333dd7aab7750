using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Omk.Processes;

/// <summary>What is left of a tree once its child exited, asking a tree to stop, and reaping the orphans that were killed.</summary>
internal static partial class ProcessTreeKiller
{
    /// <summary>
    /// Kills what is left of a child's tree after the child itself exited: background processes, double-forked and
    /// <c>setsid</c> descendants (found through the subreaper and the tree marker). Returns how many there were.
    /// </summary>
    public static int KillLeftovers(Process process, bool ownsGroup)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        int rootPid;
        try
        {
            rootPid = process.Id;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }

        return KillLeftovers(rootPid, ownsGroup, ProcessTreeMarker.Of(process), rootUnreaped: false);
    }

    /// <summary>
    /// <see cref="KillLeftovers(Process, bool)"/> for the exited child <paramref name="rootPid"/>. When
    /// <paramref name="rootUnreaped"/>, the child is still a zombie of ours (<see cref="SpawnedChild"/>), which keeps its
    /// pid and group id from being reused while this runs.
    /// </summary>
    public static int KillLeftovers(int rootPid, bool ownsGroup, string? marker, bool rootUnreaped)
    {
        if (!OperatingSystem.IsLinux() || !MayHaveLeftovers(rootPid, ownsGroup, marker, rootUnreaped))
        {
            return 0;
        }

        var targets = Collect(rootPid, ownsGroup, marker);
        targets.Remove(rootPid);
        if (targets.Count == 0)
        {
            return 0;
        }

        if (ownsGroup)
        {
            _ = SysKill(-rootPid, SigKill);
        }

        KillAll(targets);
        var late = Collect(rootPid, ownsGroup, marker);
        late.Remove(rootPid);
        KillAll(late);
        targets.UnionWith(late);
        ReapOrphans(targets);
        return targets.Count;
    }

    // Cheap checks before a /proc snapshot: once the child exited, a leftover is either still in its process group
    // (signal 0 to the group finds it) or, having left the group, was reparented to this process (the subreaper) and
    // carries the child's marker. Anything else is not the child's. A zombie child still counts as a member of its group,
    // so then the group is looked for among this process's own children instead: the exited child's children were all
    // reparented to this process, the subreaper, and every leftover is one of them or below one.
    private static bool MayHaveLeftovers(int rootPid, bool ownsGroup, string? marker, bool rootUnreaped)
    {
        if (ownsGroup && !rootUnreaped && SysKill(-rootPid, 0) == 0)
        {
            return true;
        }

        if (marker is null && !rootUnreaped)
        {
            return !ownsGroup;
        }

        try
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                if (ChildrenOf(task) is not { } children)
                {
                    continue; // the thread ended since the listing: its children, if any, were handed to another thread
                }

                foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (int.TryParse(child, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != rootPid
                        && IsLeftover(pid, rootPid, ownsGroup && rootUnreaped, marker))
                    {
                        return true;
                    }
                }
            }

            return marker is null && !ownsGroup;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true; // no children files (an old kernel): take the snapshot
        }
    }

    private static bool IsLeftover(int pid, int rootPid, bool byGroup, string? marker) =>
        (byGroup && ReadStat(pid) is { } stat && (stat.GroupId == rootPid || stat.SessionId == rootPid))
        || (marker is not null && ProcessTreeMarker.Carries(pid, marker));

    // A thread's children file; null when the thread itself is gone (a pool thread that ended between the listing and
    // the read). Taking that for "no children files" (an old kernel) cost a needless /proc snapshot after some gates.
    private static string? ChildrenOf(string task)
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "children"));
        }
        catch (IOException) when (!Directory.Exists(task))
        {
            return null;
        }
    }

    /// <summary>Asks the tree to stop (SIGTERM to the group and every member found), as a terminal's Ctrl+C or a CI cancel would.</summary>
    public static void Terminate(Process process, bool ownsGroup)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int rootPid;
        try
        {
            rootPid = process.Id;
        }
        catch (InvalidOperationException)
        {
            return;
        }

        Terminate(rootPid, ownsGroup, ProcessTreeMarker.Of(process));
    }

    /// <summary><see cref="Terminate(Process, bool)"/> for the child <paramref name="rootPid"/>.</summary>
    public static void Terminate(int rootPid, bool ownsGroup, string? marker)
    {
        var targets = Collect(rootPid, ownsGroup, marker);
        if (ownsGroup)
        {
            _ = SysKill(-rootPid, SigTerm);
        }

        foreach (var pid in targets)
        {
            _ = SysKill(pid, SigTerm);
        }
    }

    // Orphans reparented to this process (the subreaper) that were killed: collect their exit status so that no
    // zombie is left. Never the children .NET started itself (gate roots are not in the set); bounded wait.
    private static void ReapOrphans(IEnumerable<int> killed)
    {
        var pending = killed.Where(pid => ReadStat(pid) is { } stat && stat.ParentId == Environment.ProcessId).ToList();
        for (var round = 0; pending.Count > 0 && round < 50; round++)
        {
            pending.RemoveAll(pid => WaitPid(pid, IntPtr.Zero, WNoHang) != 0);
            if (pending.Count > 0)
            {
                Thread.Sleep(2);
            }
        }
    }

    private const int WNoHang = 1;

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPid(int pid, IntPtr status, int options);
}
