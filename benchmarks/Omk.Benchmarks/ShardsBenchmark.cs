using System.Globalization;
using Omk.Events;
using Omk.Events.Payloads;
using Omk.Gates;
using Omk.Processes;
using Omk.Proofs.Shards;
using Omk.Runs;

namespace Omk.Benchmarks;

/// <summary>
/// Scale-out over a job matrix. Balance: 4 shards over 40 gates whose durations are read back from a recorded run
/// (the state directory's events), longest shard against the ideal (total / 4), beside the split by name alone (the
/// no-history baseline) in the same run; target ≤ 1.15×. Merge: <c>omk proof merge</c> of 256 partial proofs (the
/// matrix limit; one gate and its log each) as a process, against the merge of 1 partial proof (the fixed cost of the
/// process) in the same run; target &lt; 2 s.
/// </summary>
internal sealed class ShardsBenchmark : IBenchmark
{
    private const double BalanceTarget = 1.15;
    private const double MergeTargetMs = 2000;

    public string Name => "shards";

    public string Description => "shard balance (4 shards, 40 gates with recorded durations) and omk proof merge of 256 partial proofs";

    public Task<int> RunAsync(BenchmarkOptions options)
    {
        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"omk-bench-shards-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var balanced = Balance(work);
            var merged = Merge(work, options.Runs, options.Count ?? 256);
            return Task.FromResult(balanced <= BalanceTarget && merged < MergeTargetMs ? 0 : 1);
        }
        finally
        {
            if (options.WorkDirectory is null)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static double Balance(string work)
    {
        // Durations like a real suite's: many short gates, a few long ones (seeded, so every run plans the same).
        var random = new Random(40);
        var durations = Enumerable.Range(1, 40).ToDictionary(i => $"gate{i:00}", _ => (long)Math.Round(1000 * Math.Exp(random.NextDouble() * 5)));
        var store = new RunStore(Path.Combine(work, "balance-state"));
        WriteRun(store, "run-20260101-000000-000", null, durations.Select(d => (d.Key, d.Value)).ToList());
        var gates = new GateSet(durations.Keys.Select(n => new GateDefinition { Name = n, Command = ProcessCommand.Shell("true") }).ToList(), "bench");
        var history = GateDurationHistory.Read(store);
        var ideal = durations.Values.Sum() / 4.0;
        double Longest(ShardPlan plan) => plan.Shards.Max(s => s.Sum(g => durations[g]));
        var byDuration = Longest(ShardPlanner.Plan(gates, 4, history)) / ideal;
        var byName = Longest(ShardPlanner.Plan(gates, 4, new Dictionary<string, long>())) / ideal;
        Console.WriteLine("## shards: balance of 4 shards over 40 gates (durations 1–148 s read back from a recorded run)");
        Console.WriteLine();
        Console.WriteLine("| split | longest shard / ideal |");
        Console.WriteLine("|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| by name, no history (baseline) | {byName:0.000}× |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| by recorded durations | {byDuration:0.000}× (target ≤ {BalanceTarget}×: {(byDuration <= BalanceTarget ? "met" : "MISSED")}) |"));
        Console.WriteLine();
        return byDuration;
    }

    private static double Merge(string work, int runs, int count)
    {
        var omk = OmkLocation.OmkDll;
        var shards = Path.Combine(work, "partial");
        var names = Enumerable.Range(1, count).Select(i => $"gate{i:000}").ToList();
        var hash = "sha256:" + new string('0', 64);
        for (var i = 1; i <= count; i++)
        {
            var store = new RunStore(Path.Combine(shards, $"omk-shard-{i}-of-{count}"));
            WriteRun(store, $"run-20260101-000000-{i:000}", new ShardPayload(i, count, hash, names, "bench"), [(names[i - 1], 1000 + i)]);
        }

        var one = Path.Combine(shards, $"omk-shard-1-of-{count}");
        var n = 0;
        var single = ProcessTimer.Median(runs, () => ProcessTimer.Run(work, "dotnet", omk, "proof", "merge", one, "-o", Path.Combine(work, $"one-{n++}")));
        var all = ProcessTimer.Median(runs, () => ProcessTimer.Run(work, "dotnet", omk, "proof", "merge", shards, "-o", Path.Combine(work, $"all-{n++}")));
        Console.WriteLine($"## shards: omk proof merge of {count} partial proofs (1 gate and its log each; median of {runs} after a warm-up)");
        Console.WriteLine();
        Console.WriteLine("| case | wall | vs merging 1 |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| omk proof merge of 1 partial proof (baseline: the process's fixed cost) | {single.WallMs:0} ms | 1.00× |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| omk proof merge of {count} partial proofs | {all.WallMs:0} ms | {all.WallMs / single.WallMs:0.00}× |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"merge of {count}: {all.WallMs:0} ms, target < {MergeTargetMs} ms: {(all.WallMs < MergeTargetMs ? "met" : "MISSED")}"));
        Console.WriteLine();
        return all.WallMs;
    }

    // A finished proof run as omk writes it: run_started (with the shard, when given), each gate's events and log, run_completed.
    private static void WriteRun(RunStore store, string id, ShardPayload? shard, IReadOnlyList<(string Name, long Ms)> gates)
    {
        var run = new RunDirectory(new RunId(id), Path.Combine(store.RunsDirectory, id));
        Directory.CreateDirectory(run.GatesDirectory);
        var start = DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture);
        var factory = new EventFactory(run.RunId, new FixedTime(start));
        var events = new List<Event>
        {
            factory.RunStarted(new RunStartedPayload("proof", "/repo", "bench", Commit: new string('a', 40), PlannedGates: gates.Select(g => g.Name).ToList())
            {
                Shard = shard,
                GateSelection = shard is null ? null : new GateSelectionPayload($"shard {shard.Index}/{shard.Total}", gates.Select(g => g.Name).ToList(), shard.AllGates.Except(gates.Select(g => g.Name)).ToList()),
            }),
        };
        for (var i = 0; i < gates.Count; i++)
        {
            var log = RunDirectory.GateLogRelativePath(i + 1, gates[i].Name);
            File.WriteAllText(run.Resolve(log), $"{gates[i].Name}: ok\n");
            events.Add(factory.GatePassed(new GateResultPayload($"gate-{i + 1}", gates[i].Name, Required: true, CommandLine: "true", ExitCode: 0, OutputPath: log, DurationMs: gates[i].Ms)));
        }

        events.Add(factory.RunCompleted("done"));
        File.WriteAllLines(run.EventsPath, events.Select(e => EventLine.ToJson(e)));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
