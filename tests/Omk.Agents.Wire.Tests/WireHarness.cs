using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omk.Agents.Approvals;
using Omk.Agents.Protocol;
using Omk.Events;
using Omk.Storage;
using Omk.Testing;

namespace Omk.Agents.Wire.Tests;

/// <summary>
/// One <see cref="WireAgentSession"/> driving the Wire double with a given script and faults, with a real transcript,
/// a real event log (approval events) in a temp folder, and every update collected.
/// </summary>
internal sealed class WireHarness : IAsyncDisposable
{
    private readonly TempDirectory _temp = new("omk-wire");
    private readonly EventWriter _events;
    private readonly AgentTranscript _transcript;

    private WireHarness(string script, WireHarnessOptions options)
    {
        WorkDirectory = Directory.CreateDirectory(_temp.Combine("work")).FullName;
        ReportPath = _temp.Combine("double-report.jsonl");
        TranscriptPath = _temp.Combine("agents", "worker-1", "transcript.jsonl");
        EventsPath = _temp.Combine("events.jsonl");
        _events = EventWriter.Open(EventsPath, new EventWriterOptions { Redactor = new SecretRedactor(options.Secrets) });
        _transcript = new AgentTranscript(TranscriptPath, new SecretRedactor(options.Secrets), TimeProvider.System);
        var gate = new ApprovalGate(
            options.Policy ?? ApprovalPolicy.Yolo,
            options.Channel ?? new NoHumanChannel(),
            TimeSpan.FromSeconds(5),
            _events,
            new EventFactory(new RunId("run-20250101-000000-000"), TimeProvider.System),
            "worker-1");
        var wireOptions = KimiWire.Isolated(_temp.Combine("kimi")) with
        {
            Program = "dotnet",
            ProgramArguments = [WireDouble.DllPath],
            ExtraArguments = ["--script", script, "--report", ReportPath, .. options.DoubleArguments],
        };
        Session = new WireAgentSession(new AgentSessionOptions(KimiWire.Command(WorkDirectory, wireOptions), gate, _transcript)
        {
            OnUpdate = update =>
            {
                Updates.Enqueue(update);
                options.OnUpdate?.Invoke(update);
            },
            TurnTimeout = options.TurnTimeout ?? TimeSpan.FromSeconds(30),
            StopGrace = options.StopGrace ?? TimeSpan.FromSeconds(3),
        });
    }

    public WireAgentSession Session { get; }

    public ConcurrentQueue<AgentUpdate> Updates { get; } = new();

    public string WorkDirectory { get; }

    public string ReportPath { get; }

    public string TranscriptPath { get; }

    public string EventsPath { get; }

    public static async Task<WireHarness> StartAsync(string script, WireHarnessOptions? options = null)
    {
        var harness = new WireHarness(script, options ?? new WireHarnessOptions());
        try
        {
            await harness.Session.StartAsync(CancellationToken.None);
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }

        return harness;
    }

    /// <summary>The double's report lines (what it received and checked).</summary>
    public List<JsonObject> Report() =>
        File.Exists(ReportPath) ? ReadShared(ReportPath).Select(l => JsonNode.Parse(l)!.AsObject()).ToList() : [];

    /// <summary>Waits until the double reports a line of this kind (and turn), e.g. that it received prompt N.</summary>
    public async Task WaitForReportAsync(string kind, int? turn = null)
    {
        for (var i = 0; i < 400; i++)
        {
            if (Report().Any(r => r["kind"]!.GetValue<string>() == kind && (turn is null || r["turn"]?.GetValue<int>() == turn)))
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"the double never reported '{kind}' (turn {turn}): {File.ReadAllText(ReportPath)}");
    }

    /// <summary>The transcript's lines: <c>{ts, dir, line}</c>.</summary>
    public List<JsonObject> Transcript() => ReadShared(TranscriptPath).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    public string TranscriptText() => string.Join('\n', ReadShared(TranscriptPath));

    /// <summary>The messages the agent sent, as they arrived (JSON lines only).</summary>
    public List<JsonObject> FromAgent() =>
        Transcript().Where(t => t["dir"]!.GetValue<string>() == "from_agent" && t["line"] is JsonObject).Select(t => t["line"]!.AsObject()).ToList();

    public async Task<List<Event>> EventsAsync()
    {
        await _events.FlushAsync();
        return EventReader.Read(EventsPath).ToList();
    }

    public List<T> UpdatesOf<T>() where T : AgentUpdate => Updates.OfType<T>().ToList();

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await _events.DisposeAsync();
        _transcript.Dispose();
        _temp.Dispose();
    }

    private static List<string> ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }

        return lines;
    }
}
