using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Omk.Budgets;
using Omk.Events;
using Omk.Events.Payloads;

namespace Omk.Benchmarks;

/// <summary>
/// The budget ledger fold (<see cref="BudgetLedgerFold"/>) over a goal-shaped log of 1,000,000 events (agent usage
/// steps, agent messages, turn ends, gate results, pauses and resumes), against two baselines on the same file: counting
/// its newlines and reading it with <see cref="EventReader"/>. Memory: the managed heap sampled while the fold runs, at
/// a tenth of the size and at full size (bounded means the two peaks are alike).
/// </summary>
internal sealed class BudgetBenchmark : IBenchmark
{
    private const int DefaultEvents = 1_000_000;
    private const double FoldTargetPerSecond = 500_000; // 1,000,000 events in < 2 s

    public string Name => "budget";

    public string Description => "budget ledger fold over a 1,000,000-event log: time and peak memory, against a line count and a plain read";

    public async Task<int> RunAsync(BenchmarkOptions options)
    {
        var count = options.Count ?? DefaultEvents;
        var directory = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "omk-bench-budget-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        try
        {
            var path = Path.Combine(directory, EventSchema.FileName);
            var small = Path.Combine(directory, "small-" + EventSchema.FileName);
            var (bytes, expectedTokens) = WriteGoalLog(path, count);
            WriteGoalLog(small, Math.Max(count / 10, 1_000));
            Console.WriteLine($"budget: {count:N0} events, {bytes / 1e6:N1} MB; best of {options.Runs} after a warm-up; " +
                              $"{Environment.ProcessorCount} cores, .NET {Environment.Version}; files in {directory}");

            var check = await BudgetLedgerFold.FoldAsync(path, CancellationToken.None);
            if (check.Used.Tokens != expectedTokens || check.DamagedLines != 0)
            {
                await Console.Error.WriteLineAsync($"budget: the fold found {check.Used.Tokens} tokens and {check.DamagedLines} damaged lines; expected {expectedTokens} and 0.");
                return 1;
            }

            var table = new ResultTable("budget: ledger fold");
            table.Add("baseline: count newlines", await Measurement.BestOfAsync(options.Runs, count, bytes, () => Task.FromResult(Measurement.Time(() => EventsBenchmark.CountNewlines(path)))));
            table.Add("baseline: EventReader.Read", await Measurement.BestOfAsync(options.Runs, count, bytes, () => Task.FromResult(Measurement.Time(() => EventsBenchmark.ReadAll(path, touchPayload: false)))), "baseline: count newlines");
            table.Add("BudgetLedgerFold.FoldAsync", await Measurement.BestOfAsync(options.Runs, count, bytes, () => FoldAsync(path)), "baseline: count newlines", FoldTargetPerSecond);
            Console.WriteLine();
            Console.WriteLine(table);
            Console.WriteLine($"fold vs EventReader.Read: {table["baseline: EventReader.Read"].Best.TotalMilliseconds / table["BudgetLedgerFold.FoldAsync"].Best.TotalMilliseconds:0.00}x the speed");

            var smallPeak = await PeakHeapDuringFoldAsync(small);
            var fullPeak = await PeakHeapDuringFoldAsync(path);
            Console.WriteLine($"peak managed heap during the fold (growth over the heap before it): {Math.Max(count / 10, 1_000):N0} events {smallPeak / 1e6:N1} MB, " +
                              $"{count:N0} events {fullPeak / 1e6:N1} MB ({(double)fullPeak / Math.Max(smallPeak, 1):0.00}x for 10x the events); " +
                              $"allocated by one fold: {await AllocatedByFoldAsync(path) / 1e6:N0} MB");
            return 0;
        }
        finally
        {
            if (options.WorkDirectory is null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>A goal's log: per 40 events, a turn of 12 usage steps and 20 messages with its end, 6 gate results, and every 4,000 a pause and a resume.</summary>
    private static (long Bytes, long Tokens) WriteGoalLog(string path, int count)
    {
        var factory = new EventFactory(new RunId("goal-20261204-230000-000-0badcafe"), TimeProvider.System);
        var redactor = new EventWriterOptions().Redactor;
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        long bytes = 0, tokens = 0;
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1 << 20);
        void Write(Event e)
        {
            EventLine.Write(e, buffer, redactor);
            if (buffer.WrittenCount > (1 << 19))
            {
                Flush();
            }
        }

        void Flush()
        {
            file.Write(buffer.WrittenSpan);
            bytes += buffer.WrittenCount;
            buffer.ResetWrittenCount();
        }

        Write(factory.RunStarted(new RunStartedPayload("goal", "/repo", "add rate limiting to the API") { BudgetSecs = 3600, BudgetTokens = 50_000_000_000, BudgetUsd = 100_000m }));
        for (var i = 1; i < count; i++)
        {
            var slot = i % 40;
            var worker = "worker-" + (i % 4).ToString(CultureInfo.InvariantCulture);
            if (i % 4000 == 0)
            {
                Write(factory.Message(EventKind.GoalPaused, "paused by user", "controller"));
            }
            else if (i % 4000 == 1)
            {
                Write(factory.Message(EventKind.GoalResumed, "resumed", "controller"));
            }
            else if (slot < 12)
            {
                var step = new TokenUsagePayload(worker, "task-" + (i % 6).ToString(CultureInfo.InvariantCulture), 9_000 + (i % 100), 400, 2_000, 0, 0.0242m);
                tokens += step.InputTokens + step.OutputTokens + step.CacheReadTokens + step.CacheCreationTokens;
                Write(factory.TokenUsage(step));
            }
            else if (slot < 32)
            {
                Write(factory.TaskOutput(new TaskOutputPayload(
                    $"I updated src/Api/RateLimiter.cs to use a token bucket per client (step {i}); next I run the tests.",
                    "task-1", worker, null, "agent_message_chunk")));
            }
            else if (slot == 32)
            {
                Write(factory.TaskCompleted(new TaskCompletedPayload("task-1", worker, "end_turn in 41.0 s")));
            }
            else
            {
                Write(factory.GatePassed(new GateResultPayload(
                    "test", "test", Required: true, CommandLine: "dotnet test --nologo", ExitCode: 0, TimedOut: false,
                    StdoutSummary: "Passed!  - Failed: 0, Passed: 120, Skipped: 0, Total: 120", StderrSummary: "",
                    OutputPath: "gates/02-test.log", TimeoutSecs: 600, DurationMs: 31_000, Tags: ["tests"], GateKind: "command"), worker));
            }
        }

        Flush();
        return (bytes, tokens);
    }

    private static async Task<TimeSpan> FoldAsync(string path)
    {
        var clock = Stopwatch.StartNew();
        await BudgetLedgerFold.FoldAsync(path, CancellationToken.None);
        return clock.Elapsed;
    }

    private static async Task<long> PeakHeapDuringFoldAsync(string path)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var peak = before;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(1);
            }
        });
        await BudgetLedgerFold.FoldAsync(path, CancellationToken.None);
        await done.CancelAsync();
        await sampler;
        return peak - before;
    }

    private static async Task<long> AllocatedByFoldAsync(string path)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await BudgetLedgerFold.FoldAsync(path, CancellationToken.None);
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }
}
