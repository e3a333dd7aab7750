using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Omk.Events;
using Omk.Events.Payloads;

namespace Omk.Benchmarks;

/// <summary>
/// Event log throughput: <see cref="EventWriter"/> appends with 1 and 16 producers (serialize, redact, queue, write,
/// fsync on dispose) against one thread writing the same pre-serialized lines with a FileStream, and
/// <see cref="EventReader"/> (full parse) against counting the newlines of the same file.
/// </summary>
internal sealed class EventsBenchmark : IBenchmark
{
    private const int DefaultEvents = 400_000;
    private const int PoolSize = 4096;
    private const double AppendTarget = 300_000;
    private const double ReadTarget = 1_000_000;

    public string Name => "events";

    public string Description => "event log append (1 and 16 producers) and read throughput, with disk baselines";

    public async Task<int> RunAsync(BenchmarkOptions options)
    {
        var count = options.Count ?? DefaultEvents;
        var directory = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "omk-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        try
        {
            var pool = RealisticEvents(PoolSize);
            var lines = pool.Select(e => Serialize(e)).ToArray();
            long bytes = 0;
            for (var i = 0; i < count; i++)
            {
                bytes += lines[i % PoolSize].Length;
            }

            Console.WriteLine($"events: {count:N0} per run, {bytes / (double)count:N0} bytes per line on average, {bytes / 1e6:N1} MB per run; " +
                              $"best of {options.Runs} after a warm-up; {Environment.ProcessorCount} cores, .NET {Environment.Version}, " +
                              $"server GC {System.Runtime.GCSettings.IsServerGC}; files in {directory}");

            var path = Path.Combine(directory, EventSchema.FileName);
            var table = new ResultTable("events: append and read");

            table.Add("baseline: 1 thread FileStream", await Measurement.BestOfAsync(options.Runs, count, bytes, () => Task.FromResult(WriteBaseline(path, lines, count))));
            table.Add("append, 1 producer", await Measurement.BestOfAsync(options.Runs, count, bytes, () => AppendAsync(path, pool, count, 1)), "baseline: 1 thread FileStream", AppendTarget);
            table.Add("append, 16 producers", await Measurement.BestOfAsync(options.Runs, count, bytes, () => AppendAsync(path, pool, count, 16)), "baseline: 1 thread FileStream", AppendTarget);

            // The log of the last append run is the input of the read cases.
            var (events, stats) = (0L, new EventReadStats());
            foreach (var _ in EventReader.Read(path, stats))
            {
                events++;
            }

            if (events != count || stats.SkippedLines != 0)
            {
                await Console.Error.WriteLineAsync($"events: the appended log has {events} events and {stats.SkippedLines} skipped lines; expected {count} and 0.");
                return 1;
            }

            table.Add("baseline: count newlines", await Measurement.BestOfAsync(options.Runs, count, bytes, () => Task.FromResult(Measurement.Time(() => Check(CountNewlines(path), count)))));
            table.Add("read (EventReader.Read)", await Measurement.BestOfAsync(options.Runs, count, bytes, () => Task.FromResult(Measurement.Time(() => Check(ReadAll(path, touchPayload: false), count)))), "baseline: count newlines", ReadTarget);

            // Payloads are validated while reading but parsed into a JsonElement on first use: this row pays for that too.
            table.Add("read + every Payload parsed", await Measurement.BestOfAsync(options.Runs, count, bytes, () => Task.FromResult(Measurement.Time(() => Check(ReadAll(path, touchPayload: true), count)))), "baseline: count newlines");

            Console.WriteLine();
            Console.WriteLine(table);
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

    /// <summary>What a run writes: mostly agent output, with gate and command results (typed payloads, as in production).</summary>
    private static Event[] RealisticEvents(int n)
    {
        var factory = new EventFactory(new RunId("run-20260514-085416-149"), TimeProvider.System);
        var events = new Event[n];
        for (var i = 0; i < n; i++)
        {
            var worker = "worker-" + (i % 4).ToString(CultureInfo.InvariantCulture);
            var task = "task-" + (i % 12).ToString(CultureInfo.InvariantCulture);
            events[i] = (i % 8) switch
            {
                0 => factory.GatePassed(new GateResultPayload(
                    "test", "test", Required: true, CommandLine: "dotnet test --nologo -warnaserror", ExitCode: 0, TimedOut: false,
                    StdoutSummary: $"Passed!  - Failed: 0, Passed: {100 + i % 50}, Skipped: 0, Total: {100 + i % 50}, Duration: 31 s",
                    StderrSummary: "", OutputPath: $".omk/runs/run-20260514-085416-149/gates/{i % 20:00}-test.log",
                    TimeoutSecs: 600, DurationMs: 31_000 + i, Tags: ["tests"], GateKind: "command"), actor: worker),
                1 => factory.CommandFinished(new CommandFinishedPayload(
                    "build", "build", "dotnet build --nologo -warnaserror", 0, false,
                    "Build succeeded.\n    0 Warning(s)\n    0 Error(s)", "", $".omk/runs/run-20260514-085416-149/gates/{i % 20:00}-build.log", 12_345 + i), worker),
                _ => factory.TaskOutput(new TaskOutputPayload(
                    Message: $"I updated src/Omk.Runtime/Events/EventReader.cs to stream lines in chunks (step {i}); next I will run the tests and check the reader statistics.",
                    TaskId: task, WorkerId: worker, WireEvent: "agent_message_chunk", WireMethod: "session/update")),
            };
        }

        return events;
    }

    private static byte[] Serialize(Event e)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        EventLine.Write(e, buffer, new EventWriterOptions().Redactor);
        return buffer.WrittenSpan.ToArray();
    }

    private static TimeSpan WriteBaseline(string path, byte[][] lines, int count)
    {
        File.Delete(path);
        var clock = Stopwatch.StartNew();
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 256 * 1024))
        {
            for (var i = 0; i < count; i++)
            {
                file.Write(lines[i % lines.Length]);
            }

            file.Flush(flushToDisk: true);
        }

        return clock.Elapsed;
    }

    private static async Task<TimeSpan> AppendAsync(string path, Event[] pool, int count, int producers)
    {
        File.Delete(path);
        using var start = new Barrier(producers + 1);
        var threads = new Thread[producers];
        var clock = new Stopwatch();
        await using (var writer = EventWriter.Open(path))
        {
            for (var p = 0; p < producers; p++)
            {
                var producer = p;
                threads[p] = new Thread(() =>
                {
                    start.SignalAndWait();
                    for (var i = producer; i < count; i += producers)
                    {
                        writer.Append(pool[i % pool.Length]);
                    }
                });
                threads[p].Start();
            }

            start.SignalAndWait();
            clock.Start();
            foreach (var thread in threads)
            {
                thread.Join();
            }
        } // dispose: writes what is queued and fsyncs, like the baseline

        clock.Stop();
        return clock.Elapsed;
    }

    /// <summary>Reads every event of the log (and, with <paramref name="touchPayload"/>, looks at its payload); the count.</summary>
    internal static long ReadAll(string path, bool touchPayload)
    {
        long n = 0;
        foreach (var e in EventReader.Read(path))
        {
            if (!touchPayload || e.Payload is { ValueKind: System.Text.Json.JsonValueKind.Object })
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>The floor of reading a log: its lines counted in 128 KiB blocks.</summary>
    internal static long CountNewlines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        var buffer = new byte[128 * 1024];
        long n = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            n += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        return n;
    }

    private static void Check(long actual, long expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"Expected {expected} events, found {actual}.");
        }
    }
}
