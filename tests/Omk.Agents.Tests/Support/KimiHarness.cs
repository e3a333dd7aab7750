using System.Collections.Concurrent;
using Omk.Agents.Acp;
using Omk.Agents.Approvals;
using Omk.Agents.Protocol;
using Omk.Events;
using Omk.Storage;
using Omk.Testing;

namespace Omk.Agents.Tests.Support;

/// <summary>
/// One real <c>kimi acp</c> against a fake LLM, isolated: its own HOME and KIMI_CODE_HOME (with a config.toml naming
/// the fake LLM, unless told not to), a working directory, and a run directory with a real event log and transcript.
/// </summary>
public sealed class KimiHarness : IAsyncDisposable
{
    public const string WorkerId = "kimi-1";

    private readonly TempDirectory _root;
    private readonly EventWriter _events;

    private KimiHarness(TempDirectory root, FakeLlm llm, EventWriter events, AgentTranscript transcript, AgentToolPaths tools)
    {
        _root = root;
        Llm = llm;
        _events = events;
        Transcript = transcript;
        Tools = tools;
    }

    public FakeLlm Llm { get; }

    public AgentToolPaths Tools { get; }

    public AgentTranscript Transcript { get; }

    public string Home => _root.Combine("home");

    public string Work => _root.Combine("work");

    public string RunDirectory => _root.Combine("run");

    public AcpAgentSession Session { get; private set; } = null!;

    public ConcurrentQueue<AgentUpdate> Updates { get; } = new();

    public static async Task<KimiHarness> CreateAsync(
        FakeAnswer[] script,
        ApprovalPolicy policy,
        IApprovalChannel? channel = null,
        bool configureModel = true,
        IEnumerable<string>? secrets = null,
        TimeSpan? turnTimeout = null,
        bool singleTurn = false)
    {
        var tools = await AgentTools.EnsureAsync();
        var root = new TempDirectory("omk-acp");
        var llm = await FakeLlm.StartAsync(script);
        Directory.CreateDirectory(root.Combine("work"));
        var codeHome = KimiAcp.CodeHome(root.Combine("home"));
        Directory.CreateDirectory(codeHome);
        if (configureModel)
        {
            await llm.WriteKimiConfigAsync(codeHome);
        }

        var redactor = new SecretRedactor(secrets);
        var runDirectory = root.Combine("run");
        var events = EventWriter.Open(Path.Combine(runDirectory, EventSchema.FileName), new EventWriterOptions { Redactor = redactor });
        var transcript = new AgentTranscript(Path.Combine(runDirectory, "agents", WorkerId, "transcript.jsonl"), redactor, TimeProvider.System);
        var harness = new KimiHarness(root, llm, events, transcript, tools);

        var factory = new EventFactory(RunId.Generate(TimeProvider.System), TimeProvider.System);
        var gate = new ApprovalGate(policy, channel ?? new NoHumanChannel(), TimeSpan.FromSeconds(30), events, factory, WorkerId);
        var command = KimiAcp.Command(
            tools.Kimi,
            harness.Work,
            harness.Home,
            new Dictionary<string, string?> { ["PATH"] = tools.NodeBin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH") });
        var options = new AgentSessionOptions(command, gate, transcript)
        {
            OnUpdate = harness.Updates.Enqueue,
            TurnTimeout = turnTimeout,
            SingleTurn = singleTurn,
        };
        harness.Session = new AcpAgentSession(options, KimiAcp.Settings(command));
        return harness;
    }

    /// <summary>Starts the agent (handshake and session) with a generous limit.</summary>
    public async Task StartAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Session.StartAsync(limit.Token);
    }

    /// <summary>Runs one turn, failing the test rather than hanging when the driver never ends it.</summary>
    public async Task<AgentTurn> PromptAsync(string text, CancellationToken cancellationToken = default) =>
        await Session.PromptAsync(text, cancellationToken).WaitAsync(TimeSpan.FromSeconds(90), CancellationToken.None);

    /// <summary>The run's events as a reader sees them (everything appended so far is flushed first).</summary>
    public async Task<IReadOnlyList<Event>> EventsAsync()
    {
        await _events.FlushAsync();
        return EventReader.Read(Path.Combine(RunDirectory, EventSchema.FileName)).ToList();
    }

    public string TranscriptText() => File.ReadAllText(Transcript.Path);

    public string EventLogText() => File.ReadAllText(Path.Combine(RunDirectory, EventSchema.FileName));

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        Transcript.Dispose();
        await _events.DisposeAsync();
        await Llm.DisposeAsync();
        _root.Dispose();
    }
}
