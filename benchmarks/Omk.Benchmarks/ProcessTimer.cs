using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Omk.Benchmarks;

/// <summary>
/// Runs whole processes and takes the median wall time of repeated runs, and (on Linux) the median CPU time they
/// used, children included: on a shared machine CPU time moves much less than wall time when others are busy.
/// </summary>
internal static class ProcessTimer
{
    /// <summary>Median wall time and, when the OS tells, median CPU time (user + system, all descendants), in ms.</summary>
    internal sealed record Timing(double WallMs, double? CpuMs);

    /// <summary>
    /// Runs <paramref name="action"/> once to warm up (disk caches, the runtime's own JIT), then
    /// <paramref name="runs"/> times. <paramref name="before"/> runs before each run, outside the clock.
    /// </summary>
    public static Timing Median(int runs, Action action, Action? before = null, bool warmUp = true)
    {
        if (warmUp)
        {
            before?.Invoke();
            action();
        }

        var wall = new List<double>(runs);
        var cpu = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            before?.Invoke();
            var cpuBefore = ChildrenCpuMs();
            var watch = Stopwatch.StartNew();
            action();
            wall.Add(watch.Elapsed.TotalMilliseconds);
            if (cpuBefore is { } start && ChildrenCpuMs() is { } end)
            {
                cpu.Add(end - start);
            }
        }

        return new Timing(MedianOf(wall), cpu.Count == runs ? MedianOf(cpu) : null);
    }

    /// <summary>
    /// As <see cref="Median"/> for in-process work: one warm-up, then the median wall time and the median CPU time of the
    /// processes it started (children), in ms.
    /// </summary>
    public static async Task<Timing> MedianAsync(int runs, Func<Task> action)
    {
        await action();
        var wall = new List<double>(runs);
        var cpu = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var before = ChildrenCpuMs();
            var watch = Stopwatch.StartNew();
            await action();
            wall.Add(watch.Elapsed.TotalMilliseconds);
            if (before is { } start && ChildrenCpuMs() is { } end)
            {
                cpu.Add(end - start);
            }
        }

        return new Timing(MedianOf(wall), cpu.Count == runs ? MedianOf(cpu) : null);
    }

    /// <summary>Runs a program to its end (CI=true, no OMK_STATE_DIR, output captured); returns its standard output, throws on a non-zero exit.</summary>
    public static string Run(string workingDirectory, string program, params string[] args) => Run(workingDirectory, null, program, args);

    /// <summary>As <see cref="Run(string, string, string[])"/>, with environment variables added or overridden after the defaults.</summary>
    public static string Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, string program, params string[] args) =>
        Run(workingDirectory, environment, removed: null, program, args);

    /// <summary>As above, first unsetting the inherited variables <paramref name="removed"/> selects.</summary>
    public static string Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, Func<string, bool>? removed, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var key in start.Environment.Keys.Where(removed ?? (_ => false)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["CI"] = "true";
        start.Environment.Remove("OMK_STATE_DIR"); // runs and caches stay in the benchmark's own repository
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}{stdout.Result}");
        }

        return stdout.Result;
    }

    /// <summary>The median (mean of the middle two for an even count).</summary>
    public static double MedianOf(IEnumerable<double> measured)
    {
        var values = measured.Order().ToList();
        var n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }

    // CPU time of every child this process has waited for (and of their waited-for descendants): getrusage(RUSAGE_CHILDREN).
    internal static double? ChildrenCpuMs()
    {
        if (!OperatingSystem.IsLinux() || getrusage(RusageChildren, out var usage) != 0)
        {
            return null;
        }

        return ((usage.UserSeconds + usage.SystemSeconds) * 1000.0) + ((usage.UserMicroseconds + usage.SystemMicroseconds) / 1000.0);
    }

    private const int RusageChildren = -1;

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxResidentSet;
        public long SharedMemory;
        public long UnsharedData;
        public long UnsharedStack;
        public long MinorFaults;
        public long MajorFaults;
        public long Swaps;
        public long BlockInputs;
        public long BlockOutputs;
        public long MessagesSent;
        public long MessagesReceived;
        public long Signals;
        public long VoluntarySwitches;
        public long InvoluntarySwitches;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, out ResourceUsage usage);
}
