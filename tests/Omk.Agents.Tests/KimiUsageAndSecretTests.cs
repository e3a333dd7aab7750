using System.Text.Json.Nodes;
using Omk.Agents.Approvals;
using Omk.Agents.Tests.Support;

namespace Omk.Agents.Tests;

/// <summary>Token usage comes from the agent's session log (ACP has none); secrets never reach the transcript.</summary>
public sealed class KimiUsageAndSecretTests
{
    [Fact]
    public async Task Token_usage_of_every_model_call_including_a_subagents_is_reported_and_summed()
    {
        await using var kimi = await KimiHarness.CreateAsync(
            [
                FakeAnswer.Call("Agent", new JsonObject { ["description"] = "sub task", ["prompt"] = "Say hi." }, "Delegating.") with { PromptTokens = 1000, CompletionTokens = 10 },
                FakeAnswer.Say("hi from the subagent") with { PromptTokens = 50, CompletionTokens = 5 },
                FakeAnswer.Say("All done.") with { PromptTokens = 2000, CompletionTokens = 20, CachedTokens = 1500 },
                FakeAnswer.Say("Second turn.") with { PromptTokens = 7, CompletionTokens = 3 },
            ],
            ApprovalPolicy.Yolo);
        await kimi.StartAsync();

        var turn = await kimi.PromptAsync("Delegate a task.");

        Assert.True(turn.Succeeded, turn.FailureReason);
        Assert.Equal(3, kimi.Llm.Served);
        var steps = kimi.Updates.OfType<AgentUsage>().Select(u => u.Usage).ToList();
        Assert.Equal(3, steps.Count);
        Assert.Contains(new TokenUsage(1000, 10), steps);
        Assert.Contains(new TokenUsage(50, 5), steps); // the subagent's call, from its own log file
        Assert.Contains(new TokenUsage(500, 20, CacheRead: 1500), steps);
        Assert.Equal(new TokenUsage(1550, 35, CacheRead: 1500), turn.Usage);
        Assert.Equal(3085, turn.Usage.Total);
        Assert.NotNull(kimi.Session.SessionLogDirectory);

        // The next turn counts only its own calls.
        var second = await kimi.PromptAsync("Once more.");
        Assert.True(second.Succeeded, second.FailureReason);
        Assert.Equal("Second turn.", second.Text);
        Assert.Equal(new TokenUsage(7, 3), second.Usage);
    }

    [Fact]
    public async Task Secrets_in_the_agents_output_never_reach_the_transcript_or_the_event_log()
    {
        const string ProviderKey = "sk-live0123456789abcdefghijklmnop";
        const string Declared = "hunter2-declared-secret";
        await using var kimi = await KimiHarness.CreateAsync(
            [
                FakeAnswer.Call("Write", new JsonObject { ["path"] = "notes.txt", ["content"] = $"key {ProviderKey} pass {Declared}\n" }),
                FakeAnswer.Say($"Your key is {ProviderKey} and the password is {Declared}."),
            ],
            ApprovalPolicy.Yolo,
            secrets: [Declared]);
        await kimi.StartAsync();

        var turn = await kimi.PromptAsync("Tell me the secrets.");

        Assert.True(turn.Succeeded, turn.FailureReason);
        Assert.Contains(ProviderKey, turn.Text); // the agent really said it
        Assert.Contains(Declared, turn.Text);
        var transcript = kimi.TranscriptText();
        Assert.DoesNotContain(ProviderKey, transcript);
        Assert.DoesNotContain(Declared, transcript);
        Assert.Contains("[REDACTED]", transcript);
        Assert.Contains("agent_message_chunk", transcript);
        var events = kimi.EventLogText();
        Assert.Contains("approval_requested", events);
        Assert.DoesNotContain(ProviderKey, events);
        Assert.DoesNotContain(Declared, events);
    }
}
