using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omk.Agents.Acp;
using Omk.Agents.Approvals;
using Omk.Events;
using Omk.Events.Payloads;
using Omk.Proofs;
using Omk.Storage;

namespace Omk.Agents;

/// <summary>
/// Prepares the code an agent run needs once the agent is up, while it boots (Kimi takes over a second): a
/// synthetic turn goes, in memory only, through the ACP update translator, the approval gate (yolo, no human),
/// the evidence recorder, event lines written and parsed back, redaction, and the proof's fold, JSON and
/// Markdown. A short-lived process otherwise compiles these paths just-in-time while the agent waits for a
/// permission answer or the run ends (about 0.1 s in all; docs/performance.md). Nothing touches the disk, and a
/// failure here changes nothing but the timing.
/// </summary>
internal static class AgentRunWarmUp
{
    private static readonly string[] Updates =
    [
        """{"sessionUpdate":"agent_message_chunk","content":{"type":"text","text":"Writing."}}""",
        """{"sessionUpdate":"tool_call","toolCallId":"w1","title":"Write","kind":"edit","status":"pending","rawInput":{"path":"warm.txt","content":"x"},"locations":[{"path":"warm.txt"}]}""",
        """{"sessionUpdate":"tool_call_update","toolCallId":"w1","status":"completed","content":[{"type":"content","content":{"type":"text","text":"ok"}}]}""",
        """{"sessionUpdate":"plan","entries":[{"content":"write","priority":"high","status":"completed"}]}""",
        """{"sessionUpdate":"usage_update","used":1,"size":2}""",
    ];

    /// <summary>Runs the warm-up on the thread pool; the task never faults.</summary>
    public static Task StartAsync() => Task.Run(RunAsync);

    private static async Task RunAsync()
    {
        try
        {
            await WarmAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Timing only: whatever goes wrong here, the real run does it again and reports it.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static async Task WarmAsync()
    {
        var sink = new ListSink();
        var factory = new EventFactory(RunId.Generate(TimeProvider.System), TimeProvider.System);
        await sink.AppendAsync(factory.RunStarted(new RunStartedPayload("agent", "/warm", "warm-up") { OmkVersion = ProofRun.OmkVersion }, "omk")).ConfigureAwait(false);
        await sink.AppendAsync(factory.WorkerStarted(new WorkerStartedPayload("warm", "agent"))).ConfigureAwait(false);
        await sink.AppendAsync(factory.TaskStarted(new TaskStartedPayload("warm-task", "warm", null))).ConfigureAwait(false);

        var translator = new AcpUpdateTranslator();
        var recorder = new AgentEvidenceRecorder(sink, factory, "warm", "warm-task", Path.GetTempPath(), TokenPrice.Default);
        foreach (var update in Updates)
        {
            using var document = JsonDocument.Parse(update);
            recorder.Observe(translator.Translate(document.RootElement));
        }

        recorder.Observe(new AgentUsage(new TokenUsage(100, 10, 50, 0)));
        var gate = new ApprovalGate(ApprovalPolicy.Parse("yolo"), new NoHumanChannel(), TimeSpan.FromSeconds(1), sink, factory, "warm");
        await gate.DecideAsync(new ApprovalRequest("warm/0", "Write", "warm.txt", "Write warm.txt", "w1"), CancellationToken.None).ConfigureAwait(false);
        _ = new JsonObject { ["outcome"] = new JsonObject { ["outcome"] = "selected", ["optionId"] = "approve_once" } }.ToJsonString();

        var turn = new AgentTurn("end_turn", "Writing. Done.", TokenUsage.Zero, [], TimeSpan.FromSeconds(1));
        await recorder.TurnEndedAsync(turn).ConfigureAwait(false);
        await sink.AppendAsync(factory.RunCompleted("agent turn end_turn", "omk")).ConfigureAwait(false);
        await sink.AppendAsync(factory.ProofWritten(new ProofWrittenPayload("proof.json", ProofStatus.NotReady), "omk")).ConfigureAwait(false);

        // Written as log lines (redacted) and read back, as the proof reads the log.
        var redactor = SecretRedactor.FromEnvironment();
        var lines = new ArrayBufferWriter<byte>();
        var events = new List<Event>();
        foreach (var e in sink.Events)
        {
            lines.Clear();
            EventLine.Write(e, lines, redactor);
            if (EventLine.TryParse(lines.WrittenSpan, out var parsed) == LineStatus.Event && parsed is not null)
            {
                events.Add(parsed);
            }
        }

        _ = redactor.Redact("""{"jsonrpc":"2.0","method":"session/update","params":{"text":"api_key=sk-warmup0000000000000000"}}""");
        var proof = ProofProjection.Fold(events, new EventReadStats(), factory.RunId.Value);
        _ = ProofPublisher.ToJson(proof);
        _ = ProofMarkdown.Render(proof);
    }

    private sealed class ListSink : IEventSink
    {
        private readonly object _lock = new();
        private readonly List<Event> _events = [];

        public IReadOnlyList<Event> Events
        {
            get
            {
                lock (_lock)
                {
                    return [.. _events];
                }
            }
        }

        public ValueTask AppendAsync(Event @event, CancellationToken cancellationToken = default)
        {
            lock (_lock)
            {
                _events.Add(@event);
            }

            return ValueTask.CompletedTask;
        }
    }
}
