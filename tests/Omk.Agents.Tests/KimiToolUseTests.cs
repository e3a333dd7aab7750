using System.Text.Json.Nodes;
using Omk.Agents.Approvals;
using Omk.Agents.Tests.Support;
using Omk.Events;

namespace Omk.Agents.Tests;

/// <summary>The real Kimi Code CLI over ACP uses its Write and Bash tools in the working directory, through Omk's approvals.</summary>
public sealed class KimiToolUseTests
{
    private static FakeAnswer[] WriteThenBash() =>
    [
        FakeAnswer.Call("Write", new JsonObject { ["path"] = "hello.txt", ["content"] = "hello from kimi\n" }, "Writing the file."),
        FakeAnswer.Call("Bash", new JsonObject { ["command"] = "echo from-bash > bash.txt && cat hello.txt" }, " Now a command."),
        FakeAnswer.Say(" All done."),
    ];

    [Fact]
    public async Task Yolo_policy_lets_the_agent_write_a_file_and_run_bash_and_logs_each_approval()
    {
        await using var kimi = await KimiHarness.CreateAsync(WriteThenBash(), ApprovalPolicy.Yolo);
        await kimi.StartAsync();

        Assert.Equal("acp", kimi.Session.Info!.Protocol);
        Assert.Equal("Kimi Code CLI", kimi.Session.Info.Name);
        Assert.Equal(AgentTools.KimiVersion, kimi.Session.Info.Version);
        Assert.StartsWith("session_", kimi.Session.SessionId);

        var turn = await kimi.PromptAsync("Write hello.txt, then run a command.");

        Assert.Equal("end_turn", turn.StopReason);
        Assert.True(turn.Succeeded, turn.FailureReason);
        Assert.Equal("Writing the file. Now a command. All done.", turn.Text);
        Assert.Equal("hello from kimi\n", File.ReadAllText(Path.Combine(kimi.Work, "hello.txt")));
        Assert.Equal("from-bash\n", File.ReadAllText(Path.Combine(kimi.Work, "bash.txt")));

        Assert.Collection(
            turn.ToolCalls,
            write =>
            {
                Assert.Equal("Write", write.Tool);
                Assert.Equal("edit", write.Kind);
                Assert.Equal("completed", write.Status);
                Assert.Contains("hello.txt", write.Input);
                Assert.Contains(Path.Combine(kimi.Work, "hello.txt"), write.Paths);
            },
            bash =>
            {
                Assert.Equal("Bash", bash.Tool);
                Assert.Equal("execute", bash.Kind);
                Assert.Equal("completed", bash.Status);
                Assert.Contains("echo from-bash", bash.Input);
            });
        Assert.Contains(kimi.Updates, u => u is AgentToolCall { Tool: "Write", Status: "pending" });
        Assert.Contains(kimi.Updates, u => u is AgentToolCall { Tool: "Bash", Status: "in_progress" });

        var events = await kimi.EventsAsync();
        var requested = events.Where(e => e.Kind == EventKind.ApprovalRequested).ToList();
        var decided = events.Where(e => e.Kind == EventKind.ApprovalDecided).ToList();
        Assert.Equal(["Write", "Bash"], requested.Select(e => e.PayloadString("tool")));
        Assert.All(requested, e => Assert.Equal("yolo", e.PayloadString("policy")));
        Assert.All(requested, e => Assert.Equal(KimiHarness.WorkerId, e.Actor));
        Assert.Equal(requested.Select(e => e.PayloadString("request_id")), decided.Select(e => e.PayloadString("request_id")));
        Assert.All(decided, e =>
        {
            Assert.Equal(ApprovalDecision.Approve, e.PayloadString("decision"));
            Assert.Equal("policy:yolo", e.PayloadString("decided_by"));
        });
        Assert.Equal(0, kimi.Llm.Unscripted);
    }

    [Fact]
    public async Task Scripted_approvals_answer_with_the_matching_permission_options()
    {
        await using var kimi = await KimiHarness.CreateAsync(
            WriteThenBash(),
            ApprovalPolicy.Never,
            new ScriptedApprovalChannel([ApprovalDecision.Approve, ApprovalDecision.ApproveForSession]));
        await kimi.StartAsync();

        var turn = await kimi.PromptAsync("Write hello.txt, then run a command.");

        Assert.True(turn.Succeeded, turn.FailureReason);
        Assert.True(File.Exists(Path.Combine(kimi.Work, "hello.txt")));
        Assert.True(File.Exists(Path.Combine(kimi.Work, "bash.txt")));
        var decided = (await kimi.EventsAsync()).Where(e => e.Kind == EventKind.ApprovalDecided).ToList();
        Assert.Equal([ApprovalDecision.Approve, ApprovalDecision.ApproveForSession], decided.Select(e => e.PayloadString("decision")));
        Assert.All(decided, e => Assert.Equal("script", e.PayloadString("decided_by")));

        // approve → the allow_once option, approve for the session → the allow_always option.
        var transcript = kimi.TranscriptText();
        Assert.Contains("\"optionId\":\"approve_once\"", transcript);
        Assert.Contains("\"optionId\":\"approve_always\"", transcript);
    }

    [Fact]
    public async Task A_rejected_write_is_not_done_and_the_rejection_is_in_the_events()
    {
        await using var kimi = await KimiHarness.CreateAsync(
            [
                FakeAnswer.Call("Write", new JsonObject { ["path"] = "nope.txt", ["content"] = "must not exist\n" }),
                FakeAnswer.Say("Understood, I did not write it."),
            ],
            ApprovalPolicy.Never,
            new ScriptedApprovalChannel([ApprovalDecision.Reject]));
        await kimi.StartAsync();

        var turn = await kimi.PromptAsync("Write nope.txt.");

        Assert.Equal("end_turn", turn.StopReason);
        Assert.False(File.Exists(Path.Combine(kimi.Work, "nope.txt")));
        var write = Assert.Single(turn.ToolCalls);
        Assert.Equal("Write", write.Tool);
        Assert.Equal("failed", write.Status);

        var events = await kimi.EventsAsync();
        var requested = Assert.Single(events, e => e.Kind == EventKind.ApprovalRequested);
        Assert.Equal("Write", requested.PayloadString("tool"));
        Assert.Equal("never", requested.PayloadString("policy"));
        Assert.Contains("nope.txt", requested.PayloadString("action"));
        var decided = Assert.Single(events, e => e.Kind == EventKind.ApprovalDecided);
        Assert.Equal(requested.PayloadString("request_id"), decided.PayloadString("request_id"));
        Assert.Equal(ApprovalDecision.Reject, decided.PayloadString("decision"));
        Assert.Equal("script", decided.PayloadString("decided_by"));
        Assert.Contains("\"optionId\":\"reject\"", kimi.TranscriptText());
    }
}
