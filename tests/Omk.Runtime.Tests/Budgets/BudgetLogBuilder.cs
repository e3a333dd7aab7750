using Omk.Agents;
using Omk.Events;
using Omk.Events.Payloads;
using Omk.Testing;

namespace Omk.Tests.Budgets;

/// <summary>Writes a run's log with the real event writer, the real agent evidence recorder and a clock the test moves.</summary>
internal sealed class BudgetLogBuilder : IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    private readonly EventWriter _writer;

    public BudgetLogBuilder(string path, TokenPrice? price = null)
    {
        Path = path;
        Clock = new ManualTimeProvider(T0);
        Factory = new EventFactory(new RunId("goal-budget-test"), Clock);
        Price = price ?? TokenPrice.Default;
        _writer = EventWriter.Open(path);
    }

    public string Path { get; }

    public ManualTimeProvider Clock { get; }

    public EventFactory Factory { get; }

    public TokenPrice Price { get; }

    public ValueTask AppendAsync(Event e) => _writer.AppendAsync(e);

    public ValueTask StartAsync(long? secs = null, long? tokens = null, decimal? usd = null) =>
        AppendAsync(Factory.RunStarted(new RunStartedPayload("goal", "/repo", "a goal") { BudgetSecs = secs, BudgetTokens = tokens, BudgetUsd = usd }));

    public ValueTask KindAsync(EventKind kind, string message = "") => AppendAsync(Factory.Message(kind, message, "controller"));

    public void Advance(TimeSpan by) => Clock.Advance(by);

    /// <summary>One agent turn recorded as the real recorder records it: usage per step, then the turn's end.</summary>
    public async Task TurnAsync(params TokenUsage[] steps)
    {
        var recorder = new AgentEvidenceRecorder(_writer, Factory, "worker-0", "task-1", System.IO.Path.GetTempPath(), Price);
        foreach (var step in steps)
        {
            Clock.Advance(TimeSpan.FromSeconds(10));
            recorder.Observe(new AgentUsage(step));
        }

        Clock.Advance(TimeSpan.FromSeconds(10));
        await recorder.TurnEndedAsync(new AgentTurn("end_turn", "done", recorder.Usage, [], TimeSpan.FromSeconds(10 * (steps.Length + 1))));
    }

    public async ValueTask DisposeAsync() => await _writer.DisposeAsync();
}
