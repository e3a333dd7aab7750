using System.Text.Json;

namespace Omk.Agents.Wire.Tests;

/// <summary>Secrets the agent says never reach the transcript file; the transcript stays valid JSON.</summary>
public sealed class RedactionTests
{
    private const string ProviderKey = "sk-abcdefghijklmnopqrstuvwx1234";
    private const string Declared = "hunter2-declared-value";

    [Fact]
    public async Task A_key_and_a_declared_secret_in_agent_output_never_reach_the_transcript()
    {
        await using var h = await WireHarness.StartAsync("test_wire_prompt.py::test_basic_prompt_events", new WireHarnessOptions
        {
            DoubleArguments = ["--plant", $"my key is {ProviderKey} and the password is {Declared}"],
            Secrets = [Declared],
        });
        var turn = await h.Session.PromptAsync("hi", CancellationToken.None);

        Assert.Equal("end_turn", turn.StopReason);
        Assert.Contains(ProviderKey, turn.Text, StringComparison.Ordinal); // it really went through the driver
        var text = h.TranscriptText();
        Assert.DoesNotContain(ProviderKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Declared, text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("my key is [REDACTED]", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Declared, File.ReadAllText(h.EventsPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counts_named_like_tokens_stay_numbers_and_every_json_line_stays_json()
    {
        await using var h = await WireHarness.StartAsync("spec::every_event_and_request_type");
        await h.Session.PromptAsync("spec tour", CancellationToken.None);

        var fromAgent = h.Transcript().Where(t => t["dir"]!.GetValue<string>() == "from_agent").Select(t => t["line"]!).ToList();
        Assert.All(fromAgent, line => Assert.Equal(JsonValueKind.Object, line.GetValueKind()));
        var status = fromAgent.First(l => l["params"]?["type"]?.GetValue<string>() == "StatusUpdate" && l["params"]!["payload"]!["token_usage"] is not null);
        Assert.Equal(100000, status["params"]!["payload"]!["max_context_tokens"]!.GetValue<int>());
    }
}
