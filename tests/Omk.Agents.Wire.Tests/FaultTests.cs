using System.Diagnostics;
using System.Text.Json.Nodes;
using Omk.Agents.Approvals;

namespace Omk.Agents.Wire.Tests;

/// <summary>Agents that misbehave: garbage on stdout, a crash mid-turn, a hang, no handshake, failing prompts, cancels.</summary>
public sealed class FaultTests
{
    private const string Basic = "test_wire_prompt.py::test_basic_prompt_events";

    [Fact]
    public async Task Malformed_lines_are_recorded_counted_and_reported_but_not_fatal()
    {
        await using var h = await WireHarness.StartAsync(Basic, new WireHarnessOptions { DoubleArguments = ["--malformed"] });
        var turn = await h.Session.PromptAsync("hi", CancellationToken.None);

        Assert.Equal("end_turn", turn.StopReason);
        Assert.Equal("Hello wire", turn.Text);
        Assert.Equal(new TokenUsage(5, 2), turn.Usage);

        var garbage = h.Report().Single(r => r["kind"]!.GetValue<string>() == "turn_end")["garbage_lines"]!.GetValue<int>();
        Assert.Equal(5, garbage); // one before each of the 5 recorded messages
        Assert.Equal(garbage, h.Session.MalformedLines);
        var notes = h.UpdatesOf<AgentNote>().Where(n => n.Type == "malformed").ToList();
        Assert.Equal(garbage, notes.Count);
        Assert.Equal("this line is not JSON at all", notes[0].Raw.GetString());

        var fromAgent = h.Transcript().Where(t => t["dir"]!.GetValue<string>() == "from_agent").Select(t => t["line"]!).ToList();
        Assert.Contains(fromAgent, l => l.GetValueKind() == System.Text.Json.JsonValueKind.String && l.GetValue<string>() == "this line is not JSON at all");
        Assert.Contains(fromAgent, l => l is JsonArray);
        var end = h.Transcript().Last(t => t["dir"]!.GetValue<string>() == "note")["line"]!;
        Assert.Equal(5, end["malformed_lines"]!.GetValue<int>());

        // And the real events still all became updates.
        Assert.Equal(UpdateLabels.Expected(h.FromAgent()), UpdateLabels.Actual(h.Updates));
    }

    [Fact]
    public async Task A_crash_mid_turn_ends_the_turn_crashed_with_exit_code_and_stderr()
    {
        await using var h = await WireHarness.StartAsync("test_wire_approvals_tools.py::test_shell_approval_approve", new WireHarnessOptions { DoubleArguments = ["--crash-mid-turn"] });
        var turn = await h.Session.PromptAsync("run shell", CancellationToken.None);

        Assert.Equal("crashed", turn.StopReason);
        Assert.Contains("exited with code 3", turn.FailureReason, StringComparison.Ordinal);
        Assert.Contains("RuntimeError: wire double crashed mid-turn", turn.FailureReason, StringComparison.Ordinal);
        Assert.Equal("step1", turn.Text); // what arrived before the crash is kept
        Assert.Equal(3, await h.Session.Exited.WaitAsync(TimeSpan.FromSeconds(10)));

        var notes = h.Transcript().Where(t => t["dir"]!.GetValue<string>() == "note").Select(t => t["line"]!).ToList();
        var crashed = Assert.Single(notes, n => n["event"]!.GetValue<string>() == "crashed");
        Assert.Equal("3", crashed["exit_code"]!.GetValue<string>());
        Assert.Contains("RuntimeError", crashed["stderr_tail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("crashed", notes.Last()["stop_reason"]!.GetValue<string>());

        // A prompt after the crash fails the same way instead of hanging.
        var after = await h.Session.PromptAsync("again", CancellationToken.None);
        Assert.Equal("crashed", after.StopReason);
    }

    [Fact]
    public async Task A_stalled_agent_times_out_and_is_stopped()
    {
        await using var h = await WireHarness.StartAsync(Basic, new WireHarnessOptions
        {
            DoubleArguments = ["--stall"],
            TurnTimeout = TimeSpan.FromSeconds(1.5),
            StopGrace = TimeSpan.FromSeconds(1),
        });
        var clock = Stopwatch.StartNew();
        var turn = await h.Session.PromptAsync("hi", CancellationToken.None);

        Assert.Equal("timed_out", turn.StopReason);
        Assert.Contains("did not end within 1.5 s", turn.FailureReason, StringComparison.Ordinal);
        Assert.Contains("did not answer cancel", turn.FailureReason, StringComparison.Ordinal);
        Assert.Contains("stopped it", turn.FailureReason, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), clock.Elapsed.ToString());
        await h.Session.Exited.WaitAsync(TimeSpan.FromSeconds(10)); // its process group was killed

        var transcript = h.Transcript();
        Assert.Contains(transcript, t => t["dir"]!.GetValue<string>() == "to_agent" && t["line"]!["method"]!.GetValue<string>() == "cancel");
        var timedOut = Assert.Single(transcript, t => t["dir"]!.GetValue<string>() == "note" && t["line"]!["event"]!.GetValue<string>() == "turn_timed_out")["line"]!;
        Assert.True(timedOut["stopped"]!.GetValue<bool>());
        Assert.Contains(h.Report(), r => r["kind"]!.GetValue<string>() == "ignored" && r["line"]!.GetValue<string>().Contains("\"cancel\"", StringComparison.Ordinal));

        // The session is over: prompting it again says so instead of hanging.
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => h.Session.PromptAsync("again", CancellationToken.None));
        Assert.Contains("was stopped", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_observer_that_throws_does_not_end_the_session()
    {
        await using var h = await WireHarness.StartAsync(Basic, new WireHarnessOptions { OnUpdate = _ => throw new InvalidOperationException("observer bug") });
        var turn = await h.Session.PromptAsync("hi", CancellationToken.None);

        Assert.Equal("end_turn", turn.StopReason);
        Assert.Equal("Hello wire", turn.Text);
        Assert.Contains(h.Transcript(), t => t["dir"]!.GetValue<string>() == "note" && t["line"]!["event"]!.GetValue<string>() == "on_update_failed");
    }

    [Fact]
    public async Task A_slow_agent_that_answers_cancel_times_out_without_being_killed()
    {
        await using var h = await WireHarness.StartAsync(Basic, new WireHarnessOptions { DoubleArguments = ["--hold-turn"], TurnTimeout = TimeSpan.FromSeconds(1) });
        var turn = await h.Session.PromptAsync("hi", CancellationToken.None);

        Assert.Equal("timed_out", turn.StopReason);
        Assert.Contains("omk cancelled it", turn.FailureReason, StringComparison.Ordinal);
        Assert.Equal("Hello wire", turn.Text);
        Assert.False(h.Session.Exited.IsCompleted);
        Assert.Contains(h.UpdatesOf<AgentNote>(), n => n.Type == "StepInterrupted");
    }

    [Fact]
    public async Task Cancelling_the_token_cancels_the_turn()
    {
        await using var h = await WireHarness.StartAsync(Basic, new WireHarnessOptions { DoubleArguments = ["--hold-turn"] });
        using var cancel = new CancellationTokenSource();
        var prompt = h.Session.PromptAsync("hi", cancel.Token);
        await WaitForAsync(() => h.UpdatesOf<AgentMessageChunk>().Count > 0);
        await cancel.CancelAsync();
        var turn = await prompt;

        Assert.Equal("cancelled", turn.StopReason);
        Assert.Null(turn.FailureReason);
        Assert.Contains(h.Report(), r => r["kind"]!.GetValue<string>() == "call" && r["method"]!.GetValue<string>() == "cancel");
    }

    [Fact]
    public async Task CancelTurnAsync_stops_the_running_turn()
    {
        await using var h = await WireHarness.StartAsync(Basic, new WireHarnessOptions { DoubleArguments = ["--hold-turn"] });
        var prompt = h.Session.PromptAsync("hi", CancellationToken.None);
        await WaitForAsync(() => h.UpdatesOf<AgentMessageChunk>().Count > 0);
        await h.Session.CancelTurnAsync();
        var turn = await prompt;

        Assert.Equal("cancelled", turn.StopReason);
        Assert.Equal(["note:StepInterrupted", "note:TurnEnd"], h.Updates.TakeLast(2).Select(UpdateLabels.Of));
    }

    [Fact]
    public async Task Without_initialize_the_driver_falls_back_to_no_handshake()
    {
        await using var h = await WireHarness.StartAsync("test_wire_protocol.py::test_prompt_without_initialize", new WireHarnessOptions { DoubleArguments = ["--no-initialize"] });

        Assert.Equal(new AgentInfo("wire", null, null, null), h.Session.Info);
        Assert.Null(h.Session.InitializeResult);
        var note = Assert.Single(h.UpdatesOf<AgentNote>(), n => n.Type == "initialize_unsupported");
        Assert.Equal(-32601, note.Raw.GetProperty("code").GetInt32());
        Assert.Contains(h.FromAgent(), m => m["error"]?["code"]?.GetValue<int>() == -32601);

        var turn = await h.Session.PromptAsync("hi", CancellationToken.None);
        Assert.Equal("end_turn", turn.StopReason);
        Assert.Equal("hello without init", turn.Text);
    }

    [Theory]
    [InlineData(-32001, "LLM is not set")]
    [InlineData(-32002, "does not support required capability")]
    [InlineData(-32003, "rate limit")]
    [InlineData(-32004, "Authentication expired")]
    [InlineData(-32603, "RuntimeError")]
    public async Task A_prompt_error_ends_the_turn_failed_with_the_message(int code, string message)
    {
        await using var h = await WireHarness.StartAsync(Basic, new WireHarnessOptions { DoubleArguments = ["--error-code", code.ToString(System.Globalization.CultureInfo.InvariantCulture)] });
        var turn = await h.Session.PromptAsync("hi", CancellationToken.None);

        Assert.Equal("failed", turn.StopReason);
        Assert.Contains(message, turn.FailureReason, StringComparison.Ordinal);
        Assert.Contains($"JSON-RPC error {code}", turn.FailureReason, StringComparison.Ordinal);
        Assert.Equal("Hello wire", turn.Text); // the traffic before the error is kept
        Assert.False(turn.Succeeded);
    }

    [Fact]
    public async Task A_missing_program_is_a_start_error_naming_it()
    {
        using var temp = new Omk.Testing.TempDirectory("omk-wire");
        using var transcript = new Protocol.AgentTranscript(temp.Combine("t.jsonl"), Storage.SecretRedactor.Default, TimeProvider.System);
        var gate = new ApprovalGate(ApprovalPolicy.Yolo, new NoHumanChannel(), TimeSpan.FromSeconds(1), new DiscardingSink(), new Events.EventFactory(new Events.RunId("run-x"), TimeProvider.System), "w");
        await using var session = new WireAgentSession(new AgentSessionOptions(KimiWire.Command(temp.Path, new KimiWireOptions { Program = "kimi-does-not-exist" }), gate, transcript));
        var error = await Assert.ThrowsAsync<AgentStartException>(() => session.StartAsync(CancellationToken.None));
        Assert.Contains("kimi-does-not-exist", error.Message, StringComparison.Ordinal);
    }

    private sealed class DiscardingSink : Events.IEventSink
    {
        public ValueTask AppendAsync(Events.Event @event, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}
