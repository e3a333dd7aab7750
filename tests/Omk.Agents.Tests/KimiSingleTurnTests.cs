using System.Text.Json.Nodes;
using Omk.Agents.Approvals;
using Omk.Agents.Tests.Support;

namespace Omk.Agents.Tests;

/// <summary>
/// A single-turn session (what <c>omk agent run</c> uses) closes the agent's input as soon as the turn is answered:
/// Kimi shuts down on its own while its session log is read, and the turn's outcome and usage are still complete.
/// </summary>
public sealed class KimiSingleTurnTests
{
    [Fact]
    public async Task The_agent_exits_on_its_own_after_the_turn_and_the_turn_keeps_its_usage_and_outcome()
    {
        await using var kimi = await KimiHarness.CreateAsync(
            [
                FakeAnswer.Call("Write", new JsonObject { ["path"] = "once.txt", ["content"] = "once\n" }, "Writing.") with { PromptTokens = 300, CompletionTokens = 30 },
                FakeAnswer.Say(" Done.") with { PromptTokens = 310, CompletionTokens = 4 },
            ],
            ApprovalPolicy.Yolo,
            singleTurn: true);
        await kimi.StartAsync();

        var turn = await kimi.PromptAsync("Write once.txt");

        Assert.True(turn.Succeeded, turn.FailureReason);
        Assert.Equal("Writing. Done.", turn.Text);
        Assert.Equal(new TokenUsage(610, 34), turn.Usage); // both steps, from the session log read while Kimi shut down
        Assert.Equal("once\n", File.ReadAllText(Path.Combine(kimi.Work, "once.txt")));

        // Nobody stopped it: its input was closed and it exited by itself, cleanly.
        var exit = await kimi.Session.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, exit);
        await Assert.ThrowsAsync<InvalidOperationException>(() => kimi.Session.PromptAsync("Again.", CancellationToken.None));
    }

    [Fact]
    public async Task A_provider_failure_is_still_read_from_the_session_log_when_the_input_closes_at_the_answer()
    {
        await using var kimi = await KimiHarness.CreateAsync(
            [FakeAnswer.Fail(400, "Invalid request: single-turn quota")],
            ApprovalPolicy.Yolo,
            singleTurn: true);
        await kimi.StartAsync();

        var turn = await kimi.PromptAsync("Fail, please.");

        Assert.Equal("failed", turn.StopReason);
        Assert.Contains("single-turn quota", turn.FailureReason, StringComparison.Ordinal);
    }
}
