using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omk.Agents.Tests.Support;

namespace Omk.Benchmarks;

/// <summary>
/// `omk agent run` against a minimal raw ACP client (initialize, session/new, session/prompt, approve every permission
/// request, close stdin) driving the same scripted `kimi acp` session against the same fake LLM, runs alternated,
/// medians compared in the same run. Target: omk / raw ≤ 1.05.
/// </summary>
internal sealed class AgentRunBenchmark : IBenchmark
{
    public string Name => "agent-run";

    public string Description => "omk agent run vs a minimal raw ACP client on the same scripted kimi acp session (target ≤ 1.05×)";

    public async Task<int> RunAsync(BenchmarkOptions options)
    {
        var tools = await AgentTools.EnsureAsync();
        var runs = Math.Max(options.Runs, 5);
        var raw = new List<double>();
        var omk = new List<double>();
        for (var i = 0; i <= runs; i++)
        {
            // Alternate the two so both see the same machine load; the first pair is a warm-up.
            var r = await TimeAsync(tools, RawClientProcessAsync);
            var o = await TimeAsync(tools, OmkAsync);
            if (i > 0)
            {
                raw.Add(r);
                omk.Add(o);
            }
        }

        var rawMedian = ProcessTimer.MedianOf(raw);
        var omkMedian = ProcessTimer.MedianOf(omk);

        // Each pair ran back to back, under the same load: the median of the pairs' ratios is steadier on a shared machine.
        var pairedRatio = ProcessTimer.MedianOf(omk.Zip(raw, (o, r) => o / r).ToList());
        Console.WriteLine($"## omk agent run vs a raw ACP client (median of {runs} alternated runs; kimi 2.1.0, scripted fake LLM: a Write call, then text)");
        Console.WriteLine();
        Console.WriteLine("| case | wall time | ratio |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| minimal raw ACP client, its own .NET process (baseline) | {rawMedian:0} ms | 1.00× |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `omk agent run --approval yolo` (own process: run dir, events, transcript, proof) | {omkMedian:0} ms | {omkMedian / rawMedian:0.000}× |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Median of the {runs} paired ratios: {pairedRatio:0.000}×."));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Target ≤ 1.05× (ratio of the medians): {(omkMedian / rawMedian <= 1.05 ? "met" : "not met")} ({omkMedian - rawMedian:0} ms more)."));
        Console.WriteLine();
        return 0;
    }

    private static async Task<double> TimeAsync(AgentToolPaths tools, Func<AgentToolPaths, string, string, Dictionary<string, string>, Task> run)
    {
        var root = Path.Combine(Path.GetTempPath(), $"omk-bench-agent-{Guid.NewGuid():N}");
        var home = Path.Combine(root, "home");
        var work = Path.Combine(root, "work");
        Directory.CreateDirectory(work);
        var codeHome = Path.Combine(home, ".kimi-code");
        Directory.CreateDirectory(codeHome);
        await using var llm = await FakeLlm.StartAsync(
            FakeAnswer.Call("Write", new JsonObject { ["path"] = "out.txt", ["content"] = "benchmark\n" }, "Writing."),
            FakeAnswer.Say(" Done."));
        await llm.WriteKimiConfigAsync(codeHome);
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["KIMI_CODE_HOME"] = codeHome,
            ["KIMI_DISABLE_TELEMETRY"] = "1",
            ["KIMI_CODE_NO_AUTO_UPDATE"] = "1",
            ["PATH"] = tools.NodeBin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["CI"] = "true",
        };
        try
        {
            var watch = Stopwatch.StartNew();
            await run(tools, work, root, environment);
            var elapsed = watch.Elapsed.TotalMilliseconds;
            if (!File.Exists(Path.Combine(work, "out.txt")))
            {
                throw new InvalidOperationException("the scripted turn did not write out.txt");
            }

            return elapsed;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task OmkAsync(AgentToolPaths tools, string work, string root, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { OmkLocation.OmkDll, "agent", "run", "Write out.txt", "--approval", "yolo", "--state-dir", Path.Combine(root, "state") })
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["OMK_KIMI"] = tools.Kimi;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"omk agent run exited {process.ExitCode}: {await stdout}{await stderr}");
        }
    }

    // The baseline runs as its own process, like omk: `Omk.Benchmarks raw-acp-client <kimi> <work>`.
    private static async Task RawClientProcessAsync(AgentToolPaths tools, string work, string root, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { typeof(AgentRunBenchmark).Assembly.Location, "raw-acp-client", tools.Kimi, work })
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the raw client exited {process.ExitCode}: {await stderr}");
        }
    }

    /// <summary>The raw client's entry (<c>raw-acp-client KIMI WORK</c>): environment inherited from the benchmark.</summary>
    public static async Task<int> RawClientMainAsync(string kimi, string work)
    {
        await RawClientAsync(kimi, work);
        return 0;
    }

    // The least a client must do: handshake, session, prompt, answer permissions, then close stdin and wait for the exit.
    private static async Task RawClientAsync(string kimi, string work)
    {
        var start = new ProcessStartInfo(kimi) { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("acp");

        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        async Task Send(string json)
        {
            await process.StandardInput.WriteLineAsync(json);
            await process.StandardInput.FlushAsync();
        }

        async Task<JsonElement> Await(int id)
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                var message = JsonDocument.Parse(line).RootElement;
                if (message.TryGetProperty("method", out var method) && method.GetString() == "session/request_permission")
                {
                    await Send(new JsonObject
                    {
                        ["jsonrpc"] = "2.0",
                        ["id"] = JsonNode.Parse(message.GetProperty("id").GetRawText()),
                        ["result"] = new JsonObject { ["outcome"] = new JsonObject { ["outcome"] = "selected", ["optionId"] = "approve_once" } },
                    }.ToJsonString());
                }
                else if (message.TryGetProperty("id", out var got) && got.ValueKind == JsonValueKind.Number && got.GetInt32() == id && !message.TryGetProperty("method", out _))
                {
                    return message;
                }
            }

            throw new InvalidOperationException("kimi closed its output");
        }

        await Send("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":1,"clientCapabilities":{"fs":{"readTextFile":false,"writeTextFile":false},"terminal":false}}}""");
        await Await(1);
        await Send(new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 2,
            ["method"] = "session/new",
            ["params"] = new JsonObject { ["cwd"] = work, ["mcpServers"] = new JsonArray() },
        }.ToJsonString());
        var session = (await Await(2)).GetProperty("result").GetProperty("sessionId").GetString();
        await Send(new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 3,
            ["method"] = "session/prompt",
            ["params"] = new JsonObject
            {
                ["sessionId"] = session,
                ["prompt"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "Write out.txt" }),
            },
        }.ToJsonString());
        await Await(3);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(3)))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
