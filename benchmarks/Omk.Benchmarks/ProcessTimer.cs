using System.Diagnostics;

namespace Omk.Benchmarks;

/// <summary>Runs whole processes and takes the median wall time of repeated runs.</summary>
internal static class ProcessTimer
{
    /// <summary>
    /// Runs <paramref name="action"/> once to warm up (disk caches, the runtime's own JIT), then
    /// <paramref name="runs"/> times; returns the median in milliseconds. <paramref name="before"/> runs before
    /// each run, outside the clock.
    /// </summary>
    public static double Median(int runs, Action action, Action? before = null)
    {
        before?.Invoke();
        action();
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            before?.Invoke();
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times.Count % 2 == 1 ? times[times.Count / 2] : (times[(times.Count / 2) - 1] + times[times.Count / 2]) / 2;
    }

    /// <summary>Runs a program to its end (CI=true, output captured); returns its standard output, throws on a non-zero exit.</summary>
    public static string Run(string workingDirectory, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["CI"] = "true";
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
}
