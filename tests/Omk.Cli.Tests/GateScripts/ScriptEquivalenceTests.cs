using System.Text.Json.Nodes;
using Omk.Testing;

namespace Omk.Tests.GateScripts;

/// <summary>
/// Gates declared in a script run exactly like the same gates given as <c>--gate</c> options: same events, same proof.
/// The only differences allowed are where a script gate is declared (source_file, source_line) and what differs from
/// run to run anyway (ids, times, durations).
/// </summary>
public sealed class ScriptEquivalenceTests
{
    private const string Script = """
        open Omk.Gates

        gate "a" { run "true" }
        gate "b" { run "false" }
        """;

    // Ids, times and durations differ between any two runs; source_file and source_line exist only for script gates;
    // gates_origin names the source; the proof's integrity block hashes the event log, which holds all of these.
    private static readonly HashSet<string> Ignored =
        ["id", "ts", "run_id", "generated_at", "timestamp", "elapsed_secs", "elapsed_ms", "duration_ms", "source_file", "source_line", "gates_origin", "gate_source", "integrity"];

    [Fact]
    public async Task Script_gates_and_gate_options_record_the_same_events_and_proof()
    {
        using var repo = new GateScriptRepo(("gates/a.fsx", Script));
        using var state = new TempDirectory("omk-state");

        // --no-reuse: the same command under the same tree has the same input key, and the point is to see both run.
        var byScript = await repo.OmkAsync("proof", "--state-dir", state.Combine("script"), "--no-reuse");
        Assert.True(byScript.ExitCode == 1, byScript.ToString());
        Assert.Contains("omk: 2 gate(s) from gates/*.fsx (1 script(s))", byScript.Stderr, StringComparison.Ordinal);
        var byOptions = await repo.OmkAsync("proof", "--state-dir", state.Combine("options"), "--no-reuse", "--gate", "a=true", "--gate", "b=false");
        Assert.True(byOptions.ExitCode == 1, byOptions.ToString());
        Assert.Contains("omk: 2 gate(s) from --gate options", byOptions.Stderr, StringComparison.Ordinal);

        var scriptRun = Assert.Single(Directory.GetDirectories(state.Combine("script", "runs")));
        var optionsRun = Assert.Single(Directory.GetDirectories(state.Combine("options", "runs")));

        var scriptEvents = Events(scriptRun);
        var optionsEvents = Events(optionsRun);
        string[] kinds =
        [
            "run_started",
            "command_started", "command_finished", "gate_passed",
            "command_started", "command_finished", "gate_failed",
            "run_completed", "proof_written",
        ];
        Assert.Equal(kinds, scriptEvents.Select(e => e["kind"]!.GetValue<string>()));
        Assert.Equal(kinds, optionsEvents.Select(e => e["kind"]!.GetValue<string>()));
        Assert.Equal(optionsEvents.Select(Normalized), scriptEvents.Select(Normalized));

        var scriptProof = Proof(scriptRun);
        var optionsProof = Proof(optionsRun);
        Assert.Equal(Normalized(optionsProof), Normalized(scriptProof));
        Assert.Equal("failed", scriptProof["status"]!.GetValue<string>());
        var gates = scriptProof["gates"]!.AsArray();
        Assert.Equal(["a passed 0", "b failed 1"],
            gates.Select(g => $"{g!["name"]} {g["status"]} {g["evidence"]!["exit_code"]}"));
        Assert.Equal("exit code 1", gates[1]!["evidence"]!["reason"]!.GetValue<string>());
        Assert.All(gates, g => Assert.True(g!["required"]!.GetValue<bool>()));

        // What is allowed to differ does: script gates say where they are declared, option gates cannot.
        Assert.Equal(["gates/a.fsx:3", "gates/a.fsx:4"], gates.Select(g => $"{g!["source_file"]}:{g["source_line"]}"));
        Assert.All(optionsProof["gates"]!.AsArray(), g => Assert.False(g!.AsObject().ContainsKey("source_file")));
    }

    private static List<JsonNode> Events(string run) =>
        File.ReadAllLines(Path.Combine(run, "events.jsonl")).Select(line => JsonNode.Parse(line)!).ToList();

    // The proof text mentions the run id in its summary: replace it before comparing.
    private static JsonNode Proof(string run) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(run, "proof.json")).Replace(Path.GetFileName(run), "<run-id>", StringComparison.Ordinal))!;

    private static string Normalized(JsonNode node)
    {
        var copy = node.DeepClone();
        Strip(copy);
        return copy.ToJsonString();
    }

    private static void Strip(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            foreach (var name in obj.Select(p => p.Key).ToList())
            {
                if (Ignored.Contains(name))
                {
                    obj.Remove(name);
                }
                else
                {
                    Strip(obj[name]);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Strip(item);
            }
        }
    }
}
