using System.Diagnostics;

namespace Omk.Benchmarks;

/// <summary>The best of several timed runs over the same work: items and bytes processed per run.</summary>
internal sealed record Measurement(long Items, long Bytes, TimeSpan Best, IReadOnlyList<TimeSpan> All)
{
    public double PerSecond => Items / Best.TotalSeconds;

    /// <summary>Runs <paramref name="run"/> once to warm up, then <paramref name="runs"/> times; keeps the fastest.</summary>
    /// <param name="run">Does the work and returns the time it took (so setup can stay outside the clock).</param>
    public static async Task<Measurement> BestOfAsync(int runs, long items, long bytes, Func<Task<TimeSpan>> run)
    {
        await run();
        var all = new List<TimeSpan>(runs);
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            all.Add(await run());
        }

        return new Measurement(items, bytes, all.Min(), all);
    }

    /// <summary>Times a synchronous piece of work.</summary>
    public static TimeSpan Time(Action work)
    {
        var clock = Stopwatch.StartNew();
        work();
        return clock.Elapsed;
    }
}
