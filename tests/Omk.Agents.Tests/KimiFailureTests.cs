using Omk.Agents.Approvals;
using Omk.Agents.Tests.Support;

namespace Omk.Agents.Tests;

/// <summary>Failures the agent reports badly or not at all over ACP still end the turn as failed, with the reason.</summary>
public sealed class KimiFailureTests
{
    [Fact]
    public async Task A_provider_http_400_is_a_failed_turn_with_the_providers_message()
    {
        // kimi 2.1.0 answers this prompt with stopReason end_turn; only its session log says the turn failed.
        await using var kimi = await KimiHarness.CreateAsync(
            [FakeAnswer.Fail(400, "Invalid request: model 'scripted' is over its quota")],
            ApprovalPolicy.Yolo);
        await kimi.StartAsync();

        var turn = await kimi.PromptAsync("Do something.");

        Assert.Equal("failed", turn.StopReason);
        Assert.False(turn.Succeeded);
        Assert.Contains("400 Invalid request: model 'scripted' is over its quota", turn.FailureReason);
        Assert.Contains("provider.api_error", turn.FailureReason);
        Assert.Contains("\"stopReason\":\"end_turn\"", kimi.TranscriptText());
        Assert.Contains("omk: turn ended failed", kimi.TranscriptText());
    }

    [Fact]
    public async Task A_prompt_answered_with_a_json_rpc_error_is_a_failed_turn_with_that_message()
    {
        // A provider 401 is the one provider failure kimi reports on ACP: session/prompt gets error -32000.
        await using var kimi = await KimiHarness.CreateAsync([FakeAnswer.Fail(401, "Invalid API key")], ApprovalPolicy.Yolo);
        await kimi.StartAsync();

        var turn = await kimi.PromptAsync("Do something.");

        Assert.Equal("failed", turn.StopReason);
        Assert.Contains("Authentication required: 401 Invalid API key", turn.FailureReason);
        Assert.Contains("-32000", turn.FailureReason);
    }

    [Fact]
    public async Task No_model_configured_fails_the_start_with_authentication_required()
    {
        // kimi 2.1.0 refuses session/new (not session/prompt) when no model is configured.
        await using var kimi = await KimiHarness.CreateAsync([], ApprovalPolicy.Yolo, configureModel: false);

        var error = await Assert.ThrowsAsync<AgentStartException>(kimi.StartAsync);

        Assert.Contains("Authentication required", error.Message);
        Assert.Contains("session/new", error.Message);
        Assert.Contains("config.toml", error.Message);
        Assert.Null(kimi.Session.SessionId);
        await kimi.Session.Exited.WaitAsync(TimeSpan.FromSeconds(10)); // the failed start stopped the agent
        Assert.Contains("\"message\":\"Authentication required\"", kimi.TranscriptText());
    }
}
