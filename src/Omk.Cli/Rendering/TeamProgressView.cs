using System.Globalization;
using Omk.Events;

namespace Omk.Cli.Rendering;

/// <summary>
/// The live view of a team run on stderr, drawn from its events. On a terminal: one line per active task (task,
/// attempt, phase, elapsed, tokens) redrawn in place, with finished tasks printed above; otherwise one plain line per fact.
/// </summary>
public sealed class TeamProgressView : IDisposable
{
    private readonly TextWriter _out;
    private readonly bool _interactive;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Active> _active = new(StringComparer.Ordinal);
    private readonly object _lock = new();
    private readonly ITimer? _timer;
    private int _drawn;

    public TeamProgressView(TextWriter output, bool interactive, TimeProvider time)
    {
        _out = output;
        _interactive = interactive;
        _time = time;
        if (interactive)
        {
            _timer = time.CreateTimer(_ => Redraw(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
        }
    }

    public void OnEvent(Event e)
    {
        var task = e.PayloadString("task_id");
        lock (_lock)
        {
            if (e.Kind == EventKind.RunStarted)
            {
                Line($"omk: {e.PayloadString("mode") ?? "team"} run {e.RunId} started");
            }
            else if (e.Kind == EventKind.TaskClaimed && task is not null)
            {
                var attempt = e.Payload is { } p && p.TryGetProperty("attempt", out var a) && a.TryGetInt32(out var n) ? n : 1;
                _active[task] = new Active(attempt, _time.GetTimestamp()) { Phase = "claimed", Worker = e.PayloadString("worker_id") };
                Plain($"omk: {task} claimed by {e.PayloadString("worker_id")} (attempt {attempt})");
            }
            else if (e.Kind == EventKind.TaskOutput && task is not null && e.PayloadString("wire_event") == "phase" && _active.TryGetValue(task, out var active))
            {
                active.Phase = e.PayloadString("message") ?? active.Phase;
                Plain($"omk: {task}: {active.Phase}");
            }
            else if (e.Kind == EventKind.TaskOutput && task is not null && e.PayloadString("wire_event") == "usage" && _active.TryGetValue(task, out var working)
                && e.Payload is { } usage && usage.TryGetProperty("input_tokens", out var input) && usage.TryGetProperty("output_tokens", out var output))
            {
                working.Tokens += input.GetInt64() + output.GetInt64();
            }
            else if ((e.Kind == EventKind.TaskCompleted || e.Kind == EventKind.TaskFailed) && task is not null)
            {
                _active.Remove(task);
                var status = e.PayloadString("status") ?? (e.Kind == EventKind.TaskCompleted ? "completed" : "failed");
                var tokens = e.Payload is { } p && p.TryGetProperty("input_tokens", out var i) && p.TryGetProperty("output_tokens", out var o)
                    ? $" ({i.GetInt64() + o.GetInt64()} tokens)"
                    : string.Empty;
                var error = e.PayloadString("error");
                Line($"omk: {task} {status}{tokens}{(error is null ? string.Empty : ": " + error)}");
            }
            else if (e.Kind == EventKind.RetryScheduled)
            {
                Line($"omk: {task} will be retried: {e.PayloadString("reason")}");
            }
            else if (e.Kind == EventKind.WorkerStalled || e.Kind == EventKind.WorkerDead)
            {
                Line($"omk: {e.PayloadString("worker_id")} {(e.Kind == EventKind.WorkerStalled ? "stalled" : "is dead")} on {task}: {e.PayloadString("message") ?? e.PayloadString("reason")}");
            }
        }
    }

    private void Plain(string text)
    {
        if (!_interactive)
        {
            _out.WriteLine(text);
        }
    }

    private void Line(string text)
    {
        Clear();
        _out.WriteLine(text);
        Draw();
    }

    private void Redraw()
    {
        lock (_lock)
        {
            Clear();
            Draw();
        }
    }

    private void Clear()
    {
        if (_interactive && _drawn > 0)
        {
            _out.Write($"\u001b[{_drawn}F\u001b[J");
            _drawn = 0;
        }
    }

    private void Draw()
    {
        if (!_interactive)
        {
            return;
        }

        foreach (var (task, active) in _active.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var elapsed = _time.GetElapsedTime(active.Started).TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
            _out.WriteLine($"  {task,-16} attempt {active.Attempt}  {active.Worker,-9} {active.Phase,-18} {elapsed,5}s  {active.Tokens,8} tokens");
            _drawn++;
        }

        _out.Flush();
    }

    public void Dispose()
    {
        _timer?.Dispose();
        lock (_lock)
        {
            Clear();
        }
    }

    private sealed class Active(int attempt, long started)
    {
        public int Attempt { get; } = attempt;

        public long Started { get; } = started;

        public string? Phase { get; set; }

        public string? Worker { get; set; }

        public long Tokens { get; set; }
    }
}
