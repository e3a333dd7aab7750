using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Omk.Agents;
using Omk.Agents.Approvals;
using Omk.Agents.Protocol;
using Omk.Agents.Wire;
using Omk.Events;
using Omk.Storage;

namespace Omk.Benchmarks;

/// <summary>
/// Driver overhead per protocol message: the Wire double answers one prompt with 10 000 events (ContentPart text and
/// StatusUpdate with token usage, alternating). Timed from sending the prompt to its answer, through
/// <see cref="WireAgentSession"/> (transcript with redaction, JSON-RPC routing, translation into updates, turn
/// accumulation) against a raw reader that only reads and JSON-parses the same lines from the same double, in the
/// same run. Also: <see cref="AgentTranscript.Record"/> alone on the same lines, the biggest part of the difference.
/// </summary>
internal sealed class AgentsBenchmark : IBenchmark
{
    private const int DefaultMessages = 10_000;

    public string Name => "agents";

    public string Description => "Wire driver overhead per message: 10 000 events through WireAgentSession vs a raw JSON line reader";

    public async Task<int> RunAsync(BenchmarkOptions options)
    {
        var dll = OmkLocation.WireDoubleDll;
        if (!File.Exists(dll))
        {
            await Console.Error.WriteLineAsync($"Omk.WireDouble.dll not built ({dll}).");
            return 1;
        }

        var count = options.Count ?? DefaultMessages;
        var runs = Math.Max(options.Runs, 5);
        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"omk-bench-agents-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var raw = await RawReaderAsync(dll, work, count, runs);
            var (driver, updates) = await DriverAsync(dll, work, count, runs);
            var transcript = TranscriptAlone(work, count, runs);
            if (updates != count + count / 2)
            {
                await Console.Error.WriteLineAsync($"agents: the driver made {updates} updates for {count} events; expected {count + count / 2}.");
                return 1;
            }

            var c = CultureInfo.InvariantCulture;
            Console.WriteLine($"## Wire driver, one prompt answered with {count:N0} events (best of {runs} after a warm-up; {Environment.ProcessorCount} cores, .NET {Environment.Version})");
            Console.WriteLine();
            Console.WriteLine("| case | wall time | µs per message | vs raw reader |");
            Console.WriteLine("|---|---|---|---|");
            Console.WriteLine(Row("raw reader: read + JSON-parse each line (baseline)", raw, count, raw));
            Console.WriteLine(Row("`WireAgentSession.PromptAsync` (transcript, routing, updates)", driver, count, raw));
            Console.WriteLine(Row("`AgentTranscript.Record` alone on the same lines", transcript, count, raw));
            Console.WriteLine();
            Console.WriteLine(string.Create(c, $"Driver overhead per message: {(driver - raw).TotalMicroseconds / count:0.0} µs ({driver.TotalMicroseconds / count:0.0} µs through the driver vs {raw.TotalMicroseconds / count:0.0} µs raw; ratio {driver / raw:0.00}×); the transcript alone costs {transcript.TotalMicroseconds / count:0.0} µs per line in process (partly hidden behind the agent's own writing when streamed)."));
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

    private static async Task<TimeSpan> RawReaderAsync(string dll, string work, int count, int runs)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = new UTF8Encoding(false),
            WorkingDirectory = work,
        };
        foreach (var argument in new[] { dll, "--wire", "--work-dir", work, "--bench-events", count.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        var input = process.StandardInput;
        var output = process.StandardOutput;
        await Call("init", """{"protocol_version":"1.10","client":{"name":"bench"}}""");
        var best = TimeSpan.MaxValue;
        for (var run = 0; run <= runs; run++)
        {
            var clock = Stopwatch.StartNew();
            var lines = await Call($"p-{run}", """{"user_input":"go"}""");
            var elapsed = clock.Elapsed;
            if (lines != count + 1)
            {
                throw new InvalidOperationException($"raw reader: {lines} lines for one prompt; expected {count + 1}.");
            }

            best = run == 0 ? best : TimeSpan.FromTicks(Math.Min(best.Ticks, elapsed.Ticks)); // run 0 warms up
        }

        input.Close();
        await process.WaitForExitAsync();
        return best;

        // Sends a request and reads lines, parsing each, until its answer; returns the number of lines read.
        async Task<int> Call(string id, string parameters)
        {
            var method = id == "init" ? "initialize" : "prompt";
            await input.WriteAsync($"{{\"jsonrpc\":\"2.0\",\"id\":\"{id}\",\"method\":\"{method}\",\"params\":{parameters}}}\n");
            await input.FlushAsync();
            var lines = 0;
            while (await output.ReadLineAsync() is { } line)
            {
                lines++;
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.TryGetProperty("id", out var answered) && answered.GetString() == id)
                {
                    return lines;
                }
            }

            throw new InvalidOperationException("raw reader: the double closed its output.");
        }
    }

    private static async Task<(TimeSpan Best, long Updates)> DriverAsync(string dll, string work, int count, int runs)
    {
        using var transcript = new AgentTranscript(Path.Combine(work, "transcript.jsonl"), SecretRedactor.Default, TimeProvider.System);
        var gate = new ApprovalGate(ApprovalPolicy.Yolo, new NoHumanChannel(), TimeSpan.FromSeconds(1), new DiscardingSink(), new EventFactory(new RunId("run-bench"), TimeProvider.System), "bench");
        long updates = 0;
        var command = KimiWire.Command(work, new KimiWireOptions
        {
            Program = "dotnet",
            ProgramArguments = [dll],
            ExtraArguments = ["--bench-events", count.ToString(CultureInfo.InvariantCulture)],
        });
        await using var session = new WireAgentSession(new AgentSessionOptions(command, gate, transcript) { OnUpdate = _ => Interlocked.Increment(ref updates) });
        await session.StartAsync(CancellationToken.None);
        var best = TimeSpan.MaxValue;
        for (var run = 0; run <= runs; run++)
        {
            Interlocked.Exchange(ref updates, 0);
            var clock = Stopwatch.StartNew();
            var turn = await session.PromptAsync("go", CancellationToken.None);
            var elapsed = clock.Elapsed;
            if (turn.StopReason != "end_turn")
            {
                throw new InvalidOperationException($"driver: the turn ended {turn.StopReason}: {turn.FailureReason}");
            }

            best = run == 0 ? best : TimeSpan.FromTicks(Math.Min(best.Ticks, elapsed.Ticks));
        }

        return (best, Interlocked.Read(ref updates));
    }

    private static TimeSpan TranscriptAlone(string work, int count, int runs)
    {
        var lines = Omk.WireDouble.BenchStream.Lines(count);
        var best = TimeSpan.MaxValue;
        for (var run = 0; run <= runs; run++)
        {
            var path = Path.Combine(work, $"transcript-alone-{run}.jsonl");
            using var transcript = new AgentTranscript(path, SecretRedactor.Default, TimeProvider.System);
            var elapsed = Measurement.Time(() =>
            {
                foreach (var line in lines)
                {
                    transcript.Record("from_agent", line);
                }
            });
            best = run == 0 ? best : TimeSpan.FromTicks(Math.Min(best.Ticks, elapsed.Ticks));
        }

        return best;
    }

    private static string Row(string name, TimeSpan time, int count, TimeSpan baseline) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {time.TotalMilliseconds:0.0} ms | {time.TotalMicroseconds / count:0.0} | {time / baseline:0.00}× |");

    private sealed class DiscardingSink : IEventSink
    {
        public ValueTask AppendAsync(Event @event, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
