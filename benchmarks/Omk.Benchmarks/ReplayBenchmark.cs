using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Omk.Events;
using Omk.Events.Payloads;
using Omk.Replay;
using Omk.Storage;

namespace Omk.Benchmarks;

/// <summary>
/// <c>omk replay</c> of a large log (default 1,000,000 events: a proof run with 200 gates and retries, then a long agent session):
/// the replay streamed to JSON and to text, against reading the same log with every payload parsed (the floor of any
/// projection), and the peak managed heap while replaying a tenth of the log and all of it (bounded memory: the same).
/// </summary>
internal sealed class ReplayBenchmark : IBenchmark
{
    private const int DefaultEvents = 1_000_000;
    private const double TargetSeconds = 3;

    public string Name => "replay";

    public string Description => "omk replay of a 1,000,000-event log (JSON and text) against reading it, and its peak heap";

    public async Task<int> RunAsync(BenchmarkOptions options)
    {
        var count = options.Count ?? DefaultEvents;
        var directory = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "omk-bench-replay-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        try
        {
            var full = Path.Combine(directory, "full.jsonl");
            var tenth = Path.Combine(directory, "tenth.jsonl");
            var bytes = WriteLog(full, count);
            WriteLog(tenth, count / 10);
            Console.WriteLine($"replay: {count:N0} events, {bytes / 1e6:N1} MB; best of {options.Runs} after a warm-up; {Environment.ProcessorCount} cores, load {GatesBenchmark.LoadAverage()}");

            var table = new ResultTable("replay: streaming a run's timeline");
            table.Add("baseline: EventReader.Read, every payload parsed", await Measurement.BestOfAsync(options.Runs, count, bytes, () => Task.FromResult(Measurement.Time(() => ReadAll(full)))));
            table.Add("replay --json (ReplayRenderer.WriteJson)", await Measurement.BestOfAsync(options.Runs, count, bytes, () => Task.FromResult(Measurement.Time(() => ReplayRenderer.WriteJson(full, Stream.Null)))), "baseline: EventReader.Read, every payload parsed");
            table.Add("replay text (ReplayRenderer.WriteText)", await Measurement.BestOfAsync(options.Runs, count, bytes, () => Task.FromResult(Measurement.Time(() => ReplayRenderer.WriteText(full, TextWriter.Null)))), "baseline: EventReader.Read, every payload parsed");
            Console.WriteLine();
            Console.WriteLine(table);

            var json = table["replay --json (ReplayRenderer.WriteJson)"].Best.TotalSeconds;
            Console.WriteLine($"replay --json of {count:N0} events: {json:0.00} s, target < {TargetSeconds} s: {(json < TargetSeconds ? "ok" : "MISS")}");
            var small = PeakHeap(tenth);
            var large = PeakHeap(full);
            Console.WriteLine($"peak managed heap while replaying: {count / 10:N0} events {small / 1e6:N1} MB, {count:N0} events {large / 1e6:N1} MB ({large / (double)small:0.00}x for 10x the events)");
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

    private static void ReadAll(string path)
    {
        foreach (var e in EventReader.Read(path))
        {
            _ = e.Payload;
        }
    }

    // The largest heap seen (sampled every 10,000 entries) while replaying to JSON, after a full collection.
    private static long PeakHeap(string path)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long peak = 0, seen = 0;
        using var writer = new Utf8JsonWriter(Stream.Null, JsonFileOptions.Writer(indented: false));
        writer.WriteStartArray();
        ReplayProjection.Replay(path, entry =>
        {
            JsonSerializer.Serialize(writer, entry, ReplayJsonContext.File.ReplayEntry);
            writer.Flush();
            if (++seen % 10_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
            }
        });
        return peak;
    }

    /// <summary>A run: run_started with 200 planned gates, each run once (some retried), then agent output, approvals and file changes; run_completed.</summary>
    private static long WriteLog(string path, int count)
    {
        var factory = new EventFactory(new RunId("run-20261204-120000-000"), TimeProvider.System);
        const int gates = 200;
        var names = Enumerable.Range(0, gates).Select(i => "gate-" + i.ToString("000", CultureInfo.InvariantCulture)).ToArray();
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        void Write(Event e)
        {
            EventLine.Write(e, buffer);
            stream.Write(buffer.WrittenSpan);
            buffer.Clear();
        }

        Write(factory.RunStarted(new RunStartedPayload("proof", "/repo", "benchmark") { Commit = new string('a', 40), PlannedGates = names }, "omk"));
        var written = 1;
        for (var i = 0; written < count - 1; i++)
        {
            // Gates run once each (a tenth of them retried) in the first 2,000 events; then a long agent session.
            var name = names[i / 10 % gates];
            var e = i < gates * 10 ? (i % 10) switch
            {
                0 => factory.CommandStarted(new CommandStartedPayload(name, name, "dotnet test --nologo", 600), "omk"),
                1 => factory.CommandFinished(new CommandFinishedPayload(name, name, "dotnet test --nologo", 0, false, "Passed!", "", $"gates/{i / 10:000}-{name}.log", 1234), "omk"),
                2 when i / 10 % 10 == 0 => factory.RetryScheduled(new RetryScheduledPayload(null, $"gate {name} failed on attempt 1: exit code 1", 2) { GateId = name }, "omk"),
                3 => factory.GatePassed(new GateResultPayload(name, name, true, "dotnet test --nologo", 0, DurationMs: 1234, OutputPath: $"gates/{i / 10:000}-{name}.log"), "omk"),
                _ => factory.TaskOutput(new TaskOutputPayload($"gate {name} output line {i}", null, "omk", WireEvent: "phase"), "omk"),
            }
            : (i % 10) switch
            {
                0 => factory.FileChanged(new FileChangedPayload($"src/File{i % 100}.cs", FileChangedPayload.Modified), "worker-0"),
                1 => factory.ApprovalRequested(new ApprovalRequestedPayload("r" + i.ToString(CultureInfo.InvariantCulture), "worker-0", "shell", "dotnet test", "safe"), "worker-0"),
                2 => factory.ApprovalDecided(new ApprovalDecidedPayload("r" + (i - 1).ToString(CultureInfo.InvariantCulture), "allowed", "policy"), "omk"),
                _ => factory.TaskOutput(new TaskOutputPayload($"step {i}: updated src/File{i % 100}.cs and ran the tests", null, "worker-0", WireEvent: "agent_message"), "worker-0"),
            };
            Write(e);
            written++;
        }

        Write(factory.RunCompleted("benchmark", "omk"));
        stream.Flush();
        return stream.Length;
    }
}
