using System.Text.Json.Nodes;
using Omk.WireDouble.Scenarios;

namespace Omk.Agents.Wire.Tests;

/// <summary>The double plays every recorded message: its reading of the recordings loses none and reorders none.</summary>
public sealed class ScenarioReadingTests
{
    [Fact]
    public void Every_recorded_message_is_in_a_script_in_order()
    {
        var raw = JsonNode.Parse(File.ReadAllText(WireDouble.RecordingsPath))!.AsObject();
        foreach (var (key, snapshots) in raw)
        {
            var recorded = new List<string>();
            foreach (var snapshot in snapshots!.AsArray())
            {
                switch (snapshot)
                {
                    case JsonArray list when list.All(m => m is JsonObject o && o.ContainsKey("method")):
                        recorded.AddRange(list.Select(m => $"{m!["method"]}:{m["type"]}:{m["payload"]!.ToJsonString()}"));
                        break;
                    case JsonObject single when single.ContainsKey("type") && single.ContainsKey("payload"):
                        recorded.Add($"event:{single["type"]}:{single["payload"]!.ToJsonString()}");
                        break;
                    case JsonObject approval when approval.ContainsKey("sender"):
                        recorded.Add($"request:ApprovalRequest:{approval.ToJsonString()}");
                        break;
                }
            }

            var scripted = WireDouble.Recorded[key].Turns.SelectMany(t => t.Messages).Select(m => $"{m.Method}:{m.Type}:{m.Payload!.ToJsonString()}").ToList();
            Assert.Equal(recorded, scripted);
        }
    }

    [Theory]
    [InlineData("test_wire_approvals_tools.py::test_approve_for_session", 2)]
    [InlineData("test_wire_skills_mcp.py::test_flow_skill", 1)]
    [InlineData("test_wire_sessions.py::test_clear_context_rotates", 1)]
    [InlineData("test_wire_sessions.py::test_session_files_created", 0)]
    public void Traffic_is_split_into_prompts_at_top_level_turn_ends(string key, int prompts)
    {
        Assert.Equal(prompts, WireDouble.Recorded[key].Turns.Count);
    }

    [Fact]
    public void Recorded_answers_become_prompt_answers_and_side_calls()
    {
        Assert.Equal("max_steps_reached", Assert.Single(WireDouble.Recorded["test_wire_prompt.py::test_max_steps_reached"].Turns).ResultStatus);
        Assert.Equal(-32003, Assert.Single(WireDouble.Recorded["test_wire_errors.py::test_llm_provider_error"].Turns).ErrorCode);
        var concurrent = WireDouble.Recorded["test_wire_prompt.py::test_concurrent_prompt_error"];
        Assert.Equal(("prompt", SideCallTiming.DuringTurn, 0), Assert.Single(concurrent.SideCalls) is var c ? (c.Method, c.Timing, c.Turn) : default);
        Assert.Equal("cancel", Assert.Single(WireDouble.Recorded["test_wire_errors.py::test_cancel_without_prompt"].SideCalls).Method);
        Assert.Equal("steer", Assert.Single(WireDouble.Recorded["test_wire_steer.py::test_steer_no_active_turn"].SideCalls).Method);
        Assert.NotNull(WireDouble.Recorded["test_wire_protocol.py::test_initialize_handshake"].InitializeResult);
        Assert.Equal("replay", Assert.Single(WireDouble.Recorded["test_wire_sessions.py::test_replay_streams_wire_history"].SideCalls).Method);
    }
}
