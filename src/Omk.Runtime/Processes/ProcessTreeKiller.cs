using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Omk.Processes;

/// <summary>
/// Kills a child process together with everything it started, including grandchildren that were
/// orphaned and reparented to init (<c>sh -c '(sleep 1000 &amp;); sleep 1000'</c>), which
/// <see cref="Process.Kill(bool)"/> alone misses because it only follows parent links.
/// <para>
/// On Linux the runner starts the child with <c>POSIX_SPAWN_SETSID</c> (<see cref="PosixSpawner"/>; agents and the
/// fallback through <c>setsid</c>, see <see cref="ChildLauncher"/>), so the child leads a new session and
/// process group whose id is its pid. Descendants stay in that group and
/// session even when reparented. Killing then goes:
/// (1) snapshot <c>/proc/*/stat</c> and collect the tree BEFORE killing anything: every process whose
/// parent chain leads to the child, plus (when the child leads its own group) every member of its
/// process group or session and their descendants;
/// (2) <c>kill(-pgid, SIGKILL)</c> on the group; (3) SIGKILL each collected pid; (4) one more snapshot
/// and sweep for anything forked in between; (5) <see cref="Process.Kill(bool)"/> with
/// <c>entireProcessTree: true</c> as a fallback while the child itself still runs.
/// On other systems only step 5 is done. A child started by <see cref="PosixSpawner"/> is killed by pid (steps 1–4).
/// </para>
/// </summary>
internal static partial class ProcessTreeKiller
{
    private const int SigKill = 9;
    private const int SigTerm = 15;

    /// <summary>Kills <paramref name="process"/> and its tree. Never throws for processes already gone.</summary>
    /// <param name="process">The started child.</param>
    /// <param name="ownsGroup">True when the child was started as the leader of its own process group
    /// and session (through setsid); only then is the group killed.</param>
    /// <returns>How many processes of the tree other than the child itself were signalled.</returns>
    public static int Kill(Process process, bool ownsGroup)
    {
        int rootPid;
        try
        {
            rootPid = process.Id;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }

        var others = OperatingSystem.IsLinux() ? Kill(rootPid, ownsGroup, ProcessTreeMarker.Of(process)) : 0;
        try
        {
            // Its tree walk follows parent links from the root: once the root has exited (its children reparented)
            // it finds nothing, and it reads every process's tasks to do so (about 15 ms).
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Already gone, or not ours to kill.
        }

        return others;
    }

    /// <summary>
    /// Kills the tree of the child <paramref name="rootPid"/> (Linux), the child included: its group when it
    /// <paramref name="ownsGroup"/>, every process collected from <c>/proc</c>, then anything forked in between.
    /// </summary>
    /// <returns>How many processes of the tree other than the child itself were signalled.</returns>
    public static int Kill(int rootPid, bool ownsGroup, string? marker)
    {
        var targets = Collect(rootPid, ownsGroup, marker);
        if (ownsGroup)
        {
            _ = SysKill(-rootPid, SigKill);
        }

        KillAll(targets);
        if (targets.Count > 0)
        {
            // Anything forked between the snapshot and the kills; when nothing was left, nothing can have forked.
            var late = Collect(rootPid, ownsGroup, marker);
            KillAll(late);
            targets.UnionWith(late);
        }

        targets.Remove(rootPid);
        ReapOrphans(targets);
        return targets.Count;
    }

    /// <summary>
    /// The live pids (zombies included) of the tree rooted at <paramref name="rootPid"/>: descendants by parent link, and when
    /// <paramref name="includeGroup"/>, members of the process group and session it leads and their descendants.
    /// </summary>
    internal static HashSet<int> Collect(int rootPid, bool includeGroup, string? marker = null)
    {
        var self = Environment.ProcessId;
        var table = Snapshot();
        var children = new Dictionary<int, List<int>>();
        var result = new HashSet<int>();
        var queue = new Queue<int>();
        foreach (var (pid, entry) in table)
        {
            if (!children.TryGetValue(entry.ParentId, out var list))
            {
                children[entry.ParentId] = list = [];
            }

            list.Add(pid);
            if (includeGroup && (entry.GroupId == rootPid || entry.SessionId == rootPid))
            {
                Enqueue(pid);
            }
            else if (marker is not null && entry.ParentId == self && pid != rootPid && ProcessTreeMarker.Carries(pid, marker))
            {
                Enqueue(pid); // orphaned out of the group (setsid -f, double fork) and reparented to us, the subreaper
            }
        }

        if (table.ContainsKey(rootPid))
        {
            Enqueue(rootPid);
        }

        while (queue.Count > 0)
        {
            if (children.TryGetValue(queue.Dequeue(), out var list))
            {
                foreach (var child in list)
                {
                    Enqueue(child);
                }
            }
        }

        return result;

        void Enqueue(int pid)
        {
            if (pid > 1 && pid != Environment.ProcessId && result.Add(pid))
            {
                queue.Enqueue(pid);
            }
        }
    }

    /// <summary>Reads the parent, group and session of a process from <c>/proc/PID/stat</c>; null when gone.</summary>
    internal static ProcStat? ReadStat(int pid)
    {
        try
        {
            return ParseStat(File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat"));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Parses <c>pid (comm) state ppid pgrp session ...</c>; comm may hold spaces and parentheses.</summary>
    internal static ProcStat? ParseStat(string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 4
            || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent)
            || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var group)
            || !int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var session))
        {
            return null;
        }

        return new ProcStat(fields[0].Length > 0 ? fields[0][0] : '?', parent, group, session);
    }

    private static Dictionary<int, ProcStat> Snapshot()
    {
        var table = new Dictionary<int, ProcStat>();
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories("/proc");
        }
        catch (IOException)
        {
            return table;
        }

        foreach (var entry in entries)
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ReadStat(pid) is { } stat)
            {
                table[pid] = stat;
            }
        }

        return table;
    }

    private static void KillAll(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            _ = SysKill(pid, SigKill);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);
}
