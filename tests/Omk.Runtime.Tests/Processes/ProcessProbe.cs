using System.Globalization;
using Omk.Processes;

namespace Omk.Tests.Processes;

/// <summary>Looks at real processes through /proc, for asserting what survived a kill.</summary>
internal static class ProcessProbe
{
    /// <summary>True when the pid is gone or a zombie (dead, only waiting to be reaped).</summary>
    public static bool IsDead(int pid)
    {
        var stat = ProcessTreeKiller.ReadStat(pid);
        return stat is null || stat.State is 'Z' or 'X';
    }

    /// <summary>Polls up to two seconds for the pid to die; fails naming what is still alive.</summary>
    public static async Task AssertDiesAsync(int pid, string what)
    {
        for (var i = 0; i < 40; i++)
        {
            if (IsDead(pid))
            {
                return;
            }

            await Task.Delay(50);
        }

        var survivor = ProcessTreeKiller.ReadStat(pid);
        Kill(pid);
        Assert.Fail($"{what} (pid {pid}) survived: {survivor}");
    }

    /// <summary>Waits up to five seconds for a file holding a pid to be written, and returns the pid.</summary>
    public static async Task<int> ReadPidFileAsync(string path)
    {
        for (var i = 0; i < 100; i++)
        {
            if (File.Exists(path))
            {
                var text = (await File.ReadAllTextAsync(path)).Trim();
                if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
                {
                    return pid;
                }
            }

            await Task.Delay(50);
        }

        Assert.Fail($"no pid was written to {path}");
        return 0;
    }

    /// <summary>Kills a pid left running on purpose by a test.</summary>
    public static void Kill(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
