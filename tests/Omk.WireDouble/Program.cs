using System.Text.Json.Nodes;
using Omk.WireDouble;
using Omk.WireDouble.Scenarios;

// A fake `kimi --wire` (Wire protocol 1.10) for the driver's tests, built from the spec
// (shared/reference/kimi-wire.md) and kimi-cli's recorded e2e exchanges (Recordings/kimi-wire-transcripts.json).
//   Omk.WireDouble [--wire] [--work-dir DIR] --script KEY [--transcripts PATH] [--report PATH]
//                  [--malformed] [--crash-mid-turn] [--stall] [--no-initialize] [--error-code N] [--hold-turn]
//                  [--plant TEXT] [--bench-events N]   (kimi's other options are accepted and ignored)
// KEY is a recording ("file::test") or one of Recordings/spec-scenarios.json ("spec::…"). Env: OMK_WIRE_TRANSCRIPTS,
// OMK_WIRE_REPORT. Without --script (and without --bench-events) it prints the known keys.
DoubleOptions options;
try
{
    options = DoubleOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    await Console.Error.WriteLineAsync($"wire double: {ex.Message}");
    return 2;
}

var recordings = Path.Combine(AppContext.BaseDirectory, "Recordings");
var scenarios = new Dictionary<string, WireScenario>(StringComparer.Ordinal);
foreach (var file in new[] { options.TranscriptsPath ?? Path.Combine(recordings, "kimi-wire-transcripts.json"), Path.Combine(recordings, "spec-scenarios.json") })
{
    foreach (var (key, scenario) in WireScenario.LoadAll(file))
    {
        scenarios[key] = scenario;
    }
}

WireScenario script;
if (options.BenchEvents is not null)
{
    script = new WireScenario("bench", null, [], [], []);
}
else if (options.Script is null || !scenarios.TryGetValue(options.Script, out script!))
{
    await Console.Error.WriteLineAsync(options.Script is null ? "wire double: --script KEY is required; keys:" : $"wire double: no script '{options.Script}'; keys:");
    foreach (var key in scenarios.Keys.Order(StringComparer.Ordinal))
    {
        await Console.Error.WriteLineAsync("  " + key);
    }

    return 2;
}

// The initialize answer: the scenario's own recording, else the one recorded by test_initialize_handshake.
var initialize = script.InitializeResult
    ?? (scenarios.TryGetValue("test_wire_protocol.py::test_initialize_handshake", out var handshake) ? handshake.InitializeResult : null)
    ?? new JsonObject { ["protocol_version"] = "1.10", ["server"] = new JsonObject { ["name"] = "Kimi Code CLI", ["version"] = "<VERSION>" } };

using var report = new DoubleReport(options.ReportPath);
report.Write("start", new JsonObject
{
    ["script"] = script.Key,
    ["pid"] = Environment.ProcessId,
    ["args"] = new JsonArray(args.Select(a => (JsonNode)a).ToArray()),
    ["ignored"] = new JsonArray(options.Ignored.Select(a => (JsonNode)a).ToArray()),
});
return await new WireServer(options, script, initialize, report).RunAsync();
