using System.Collections.Concurrent;
using Omk.Agents.Acp;
using Omk.Agents.Approvals;
using Omk.Agents.Protocol;
using Omk.Agents.Tests.Support;
using Omk.Events;
using Omk.Storage;
using Omk.Testing;

namespace Omk.Agents.Tests;

/// <summary>The same driver with an ACP agent that is not Kimi: no session log, requests Omk does not serve, usage on the answer.</summary>
public sealed class OtherAcpAgentTests
{
    [Fact]
    public async Task Requests_omk_does_not_offer_get_method_not_found_and_every_update_kind_is_kept()
    {
        var tools = await AgentTools.EnsureAsync();
        using var dir = new TempDirectory("omk-acp-other");
        await using var events = EventWriter.Open(dir.Combine("run", EventSchema.FileName));
        using var transcript = new AgentTranscript(dir.Combine("run", "agents", "other", "transcript.jsonl"), SecretRedactor.Default, TimeProvider.System);
        var gate = new ApprovalGate(ApprovalPolicy.Never, new NoHumanChannel(), TimeSpan.FromSeconds(5), events, new EventFactory(new RunId("run-other"), TimeProvider.System), "other");
        var script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "minimal-acp-agent.mjs");
        var updates = new ConcurrentQueue<AgentUpdate>();
        var options = new AgentSessionOptions(new AgentCommand(tools.Node, [script], dir.Path), gate, transcript) { OnUpdate = updates.Enqueue };
        await using var session = new AcpAgentSession(options);

        await session.StartAsync(CancellationToken.None);
        var turn = await session.PromptAsync("Read the notes.", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(new AgentInfo("acp", "minimal-acp-agent", "0.0.1", "1"), session.Info);
        Assert.Equal("minimal-1", session.SessionId);
        Assert.True(turn.Succeeded, turn.FailureReason);
        Assert.Equal("fs:-32601 terminal:-32601", turn.Text);
        Assert.Equal(new TokenUsage(120, 35, CacheRead: 40), turn.Usage); // from the answer's usage; thought tokens count as output
        var read = Assert.Single(turn.ToolCalls);
        Assert.Equal(("t1", "Read notes", "read", "completed", "{\"path\":\"notes.md\"}"), (read.ToolCallId, read.Tool, read.Kind, read.Status, read.Input));
        Assert.Equal(["/w/notes.md"], read.Paths);
        Assert.Contains(updates, u => u is AgentPlan);
        Assert.Contains(updates, u => u is AgentThoughtChunk { Text: "thinking" });
        Assert.Contains(updates, u => u is AgentNote { Type: "something_new" });
        Assert.Equal(new TokenUsage(120, 35, CacheRead: 40), Assert.Single(updates.OfType<AgentUsage>()).Usage);
        Assert.DoesNotContain(updates, u => u is AgentNote { Type: "omk.session_log_missing" });
    }

    [Fact]
    public async Task An_agent_that_exits_during_the_handshake_fails_the_start_with_its_exit_code_and_stderr()
    {
        var tools = await AgentTools.EnsureAsync();
        using var dir = new TempDirectory("omk-acp-exit");
        await using var events = EventWriter.Open(dir.Combine("run", EventSchema.FileName));
        using var transcript = new AgentTranscript(dir.Combine("run", "transcript.jsonl"), SecretRedactor.Default, TimeProvider.System);
        var gate = new ApprovalGate(ApprovalPolicy.Never, new NoHumanChannel(), TimeSpan.FromSeconds(5), events, new EventFactory(new RunId("run-exit"), TimeProvider.System), "other");
        var command = new AgentCommand(tools.Node, ["-e", "process.stderr.write('boom: this agent needs a newer runtime\\n'); process.exit(3)"], dir.Path);
        await using var session = new AcpAgentSession(new AgentSessionOptions(command, gate, transcript));

        var error = await Assert.ThrowsAsync<AgentStartException>(() => session.StartAsync(CancellationToken.None));

        Assert.Contains("ended during 'initialize'", error.Message);
        Assert.Contains("exited with code 3", error.Message);
        Assert.Contains("boom: this agent needs a newer runtime", error.Message);
        Assert.Equal(3, await session.Exited);
    }
}
