using System.Diagnostics;

namespace Omk.Processes;

/// <summary>
/// How a child started through <see cref="Process"/> is launched on Linux, found once per process: the argv prefix put
/// before the program. Agents use it (long-lived, interactive stdio on <see cref="Process"/>), and so does
/// <see cref="ProcessRunner"/> where <c>posix_spawn</c> is not available; elsewhere on Linux the runner gives the same
/// session and SIGPIPE action through <see cref="PosixSpawner"/>, with no program in between.
/// <list type="bullet">
/// <item><c>setsid</c> (util-linux) gives the child its own session and process group, so
/// <see cref="ProcessTreeKiller"/> can kill everything it starts, even reparented orphans. A freshly
/// spawned child is not a group leader, so setsid execs in place and the pid stays the child's.</item>
/// <item><c>env --default-signal=PIPE</c> (GNU coreutils 8.31+) restores the default SIGPIPE action.
/// .NET ignores SIGPIPE and an ignored signal survives exec, so without it <c>yes | head</c> in a child
/// fails with "Broken pipe" instead of ending quietly, as it does in a terminal or CI.</item>
/// </list>
/// Every child also gets a <see cref="ProcessTreeMarker"/>, and on Linux Omk becomes a child subreaper
/// (<see cref="ChildSubreaper"/>), so descendants that leave the group are still found and killed.
/// Each part is used only when present (and, for env, when it accepts the option); both exec in place.
/// </summary>
internal sealed class ChildLauncher
{
    private static readonly Lazy<ChildLauncher> Detected = new(Detect, LazyThreadSafetyMode.ExecutionAndPublication);

    private ChildLauncher(string? setsid, string? env)
    {
        SetsidPath = setsid;
        EnvPath = env;
    }

    /// <summary>The launcher for this machine.</summary>
    public static ChildLauncher Default => Detected.Value;

    /// <summary>True when children lead their own process group and session.</summary>
    public bool OwnsGroup => SetsidPath is not null;

    public string? SetsidPath { get; }

    public string? EnvPath { get; }

    /// <summary>Sets the file name and the arguments before the command's own arguments.</summary>
    public void Prepare(ProcessStartInfo info, string program)
    {
        ProcessTreeMarker.Assign(info);
        var prefix = new List<string>();
        if (SetsidPath is not null)
        {
            prefix.Add(SetsidPath);
        }

        // env would take a program path holding '=' for a variable assignment.
        if (EnvPath is not null && !program.Contains('=', StringComparison.Ordinal))
        {
            prefix.Add(EnvPath);
            prefix.Add("--default-signal=PIPE");
        }

        if (prefix.Count == 0)
        {
            info.FileName = program;
            return;
        }

        info.FileName = prefix[0];
        foreach (var argument in prefix.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add(program);
    }

    private static ChildLauncher Detect()
    {
        if (!OperatingSystem.IsLinux())
        {
            return new ChildLauncher(null, null);
        }

        ChildSubreaper.EnsureEnabled();
        var setsid = FirstExisting("/usr/bin/setsid", "/bin/setsid");
        var env = FirstExisting("/usr/bin/env", "/bin/env");
        return new ChildLauncher(setsid, env is not null && AcceptsDefaultSignal(env) ? env : null);
    }

    private static string? FirstExisting(params string[] paths) => paths.FirstOrDefault(File.Exists);

    /// <summary>
    /// Whether this env knows <c>--default-signal</c> (GNU coreutils 8.31+): its name is in the program's option table.
    /// Reading the binary costs a fraction of a millisecond; running a probe cost about 13 ms of every agent run's start.
    /// </summary>
    internal static bool AcceptsDefaultSignal(string env)
    {
        try
        {
            var info = new FileInfo(env);
            if (!info.Exists || info.Length > 16 * 1024 * 1024)
            {
                return false;
            }

            return File.ReadAllBytes(env).AsSpan().IndexOf("default-signal\0"u8) >= 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
