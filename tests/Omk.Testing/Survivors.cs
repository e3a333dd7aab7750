using System.Globalization;

namespace Omk.Testing;

/// <summary>Checks on the pids a gate wrote down: which of them are still alive (zombies count as dead).</summary>
public static class Survivors
{
    /// <summary>Background processes that write their own pid to <paramref name="pidFile"/> first: a plain one, a double-forked one and a <c>setsid -f</c> one.</summary>
    public static string Spawner(string pidFile) =>
        $"sleep 300 & echo $! >> '{pidFile}'; " +
        $"( sh -c 'echo $$ >> \"{pidFile}\"; exec sleep 300' & ); " +
        $"setsid -f sh -c 'echo $$ >> \"{pidFile}\"; exec sleep 300'; " +
        // The detached children write their pids on their own time: go on only when all three have, so that a test
        // that signals omk after the gate's next output knows every pid it must find dead.
        $"while [ \"$(wc -l < '{pidFile}')\" -lt 3 ]; do sleep 0.05; done; ";

    public static IReadOnlyList<int> Pids(string pidFile) =>
        File.Exists(pidFile)
            ? File.ReadAllLines(pidFile).Where(l => l.Trim().Length > 0).Select(l => int.Parse(l.Trim(), CultureInfo.InvariantCulture)).ToList()
            : [];

    /// <summary>The pids still alive after waiting up to <paramref name="limit"/> for them to go.</summary>
    public static async Task<IReadOnlyList<int>> AliveAsync(IReadOnlyList<int> pids, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var alive = pids.Where(IsAlive).ToList();
            if (alive.Count == 0 || DateTime.UtcNow > deadline)
            {
                return alive;
            }

            await Task.Delay(100);
        }
    }

    public static void Kill(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            LiveOmk.Send("KILL", pid);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
