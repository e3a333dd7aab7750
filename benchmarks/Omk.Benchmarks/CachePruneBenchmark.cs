using System.Globalization;
using Omk.Events.Payloads;
using Omk.GateCache;

namespace Omk.Benchmarks;

/// <summary>
/// Keeping the results cache bounded: what a run pays when pruning is not due (the marker's age), and what a due prune
/// of a results folder of 10,000 entries costs, against listing that folder alone (<c>Directory.GetFiles</c>) in the same run.
/// </summary>
internal sealed class CachePruneBenchmark : IBenchmark
{
    private const int Entries = 10_000;

    public string Name => "cache-prune";

    public string Description => "results cache pruning on 10,000 entries vs listing the folder; the not-due check";

    public async Task<int> RunAsync(BenchmarkOptions options)
    {
        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"omk-bench-prune-{Guid.NewGuid():N}");
        var folder = Path.Combine(work, "results");
        Directory.CreateDirectory(folder);
        try
        {
            var now = DateTimeOffset.UtcNow;
            var cache = new GateResultCache(folder);
            var log = Path.Combine(work, "gate.log");
            await File.WriteAllTextAsync(log, new string('x', 2048));
            for (var i = 0; i < Entries; i++)
            {
                var key = i.ToString("x64", CultureInfo.InvariantCulture);
                cache.Store(key, "run-1", "gate", new GateResultPayload("gate", "gate", true), log, now);
                File.SetLastWriteTimeUtc(cache.EntryPath(key), now.UtcDateTime.AddDays(-(i % 60)));
            }

            var runs = Math.Max(options.Runs, 7);
            var keepAll = new GateCachePolicy { MaxAge = null, MaxBytes = null };
            var list = await ProcessTimer.MedianAsync(runs, () => Task.FromResult(Directory.GetFiles(folder).Length));
            var prune = await ProcessTimer.MedianAsync(runs, () => Task.FromResult(GateCachePruner.Prune(folder, keepAll, now, dryRun: true)));
            var policy = await ProcessTimer.MedianAsync(runs, () => Task.FromResult(GateCachePruner.Prune(folder, new GateCachePolicy(), now, dryRun: true)));
            GateCachePruner.PruneIfDue(folder, new GateCachePolicy(), now); // writes the marker (and removes the expired half)
            var notDue = await ProcessTimer.MedianAsync(runs, () => Task.FromResult(GateCachePruner.PruneIfDue(folder, new GateCachePolicy(), now)));

            Console.WriteLine($"## Pruning the gate results cache ({Entries:N0} entries of 2 KiB logs, median of {runs} runs, in process)");
            Console.WriteLine();
            Console.WriteLine("| case | wall time | ratio to listing the folder |");
            Console.WriteLine("|---|---|---|");
            Console.WriteLine(Row("Directory.GetFiles of the folder (baseline)", list.WallMs, list.WallMs));
            Console.WriteLine(Row("prune, nothing to remove (list, stat each entry and log)", prune.WallMs, list.WallMs));
            Console.WriteLine(Row("prune with the default policy, half expired (dry run)", policy.WallMs, list.WallMs));
            Console.WriteLine(Row("a run's check when pruning is not due (the marker's age)", notDue.WallMs, list.WallMs));
            Console.WriteLine();
            return 0;
        }
        finally
        {
            if (options.WorkDirectory is null)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static string Row(string name, double wallMs, double baseline) => string.Create(
        CultureInfo.InvariantCulture, $"| {name} | {wallMs:0.000} ms | {wallMs / baseline:0.00}× |");
}
