using System.Globalization;
using System.Text.Json;
using Omk.Events;

namespace Omk.Cli.Rendering;

/// <summary>
/// The live view of a run on stderr, drawn from its events. On a terminal: a status line with the running
/// gates and their elapsed time, redrawn in place; otherwise (CI, pipes): one plain line per fact.
/// </summary>
public sealed class ProgressView : IDisposable
{
    private static readonly string[] Spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    private readonly TextWriter _out;
    private readonly bool _interactive;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, long> _running = new(StringComparer.Ordinal);
    private readonly object _lock = new();
    private readonly ITimer? _timer;
    private readonly string? _runsDirectory;
    private int _frame;
    private bool _statusShown;
    private string? _runId;

    /// <param name="runsDirectory">Where the run's directory is created, so failed gates' logs are shown as absolute paths.</param>
    public ProgressView(TextWriter output, bool interactive, TimeProvider time, string? runsDirectory = null)
    {
        _runsDirectory = runsDirectory;
        _out = output;
        _interactive = interactive;
        _time = time;
        if (interactive)
        {
            _timer = time.CreateTimer(_ => Redraw(), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>True when stderr is a terminal that can redraw a line.</summary>
    public static bool IsInteractiveTerminal() =>
        !Console.IsErrorRedirected
        && Environment.GetEnvironmentVariable("CI") is null or "" or "false"
        && Environment.GetEnvironmentVariable("TERM") is not "dumb";

    public void Line(string text)
    {
        lock (_lock)
        {
            ClearStatus();
            _out.WriteLine(Storage.DisplayText.Strip(text)); // gate output must not drive the terminal

            DrawStatus();
        }
    }

    public void OnEvent(Event e)
    {
        var name = e.PayloadString("name");
        if (e.Kind == EventKind.RunStarted)
        {
            _runId = e.RunId.Value;
            Line($"omk: run {e.RunId} started");
        }
        else if (e.Kind == EventKind.CommandStarted && name is not null)
        {
            lock (_lock)
            {
                _running[name] = _time.GetTimestamp();
            }

            if (!_interactive)
            {
                Line($"omk: gate {name} started: {e.PayloadString("command_line")}");
            }
            else
            {
                Redraw();
            }
        }
        else if ((e.Kind == EventKind.GatePassed || e.Kind == EventKind.GateFailed) && name is not null)
        {
            lock (_lock)
            {
                _running.Remove(name);
            }

            Line(Describe(e, name));
        }
    }

    private string Describe(Event e, string name)
    {
        var payload = e.Payload!.Value;
        var skipped = payload.TryGetProperty("skipped", out var s) && s.ValueKind == JsonValueKind.True;
        var reason = e.PayloadString("reason");
        var duration = payload.TryGetProperty("duration_ms", out var d) && d.TryGetInt64(out var ms)
            ? " in " + (ms / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " s"
            : string.Empty;
        var required = !payload.TryGetProperty("required", out var r) || r.ValueKind != JsonValueKind.False;
        if (skipped)
        {
            return $"{Mark("⏭")} gate {name} skipped ({reason})";
        }

        if (e.Kind == EventKind.GatePassed && payload.TryGetProperty("reused_from", out var from) && from.ValueKind == JsonValueKind.Object
            && from.TryGetProperty("run", out var run) && run.ValueKind == JsonValueKind.String)
        {
            return $"{Mark("✔")} gate {name} reused: passed{duration} in {run.GetString()} with the same inputs";
        }

        if (e.Kind == EventKind.GatePassed)
        {
            return $"{Mark("✔")} gate {name} passed{duration}";
        }

        var detail = FirstFinding(e) ?? FirstLine(e.PayloadString("stderr_summary")) ?? FirstLine(e.PayloadString("stdout_summary"));
        var log = e.PayloadString("output_path") is { } relative && _runsDirectory is not null && _runId is not null
            ? Path.GetFullPath(Path.Combine(_runsDirectory, _runId, relative))
            : e.PayloadString("output_path");
        var kind = required ? "FAILED" : "failed (allowed)";
        return $"{Mark("✘")} gate {name} {kind}{duration}: {reason}" +
            (detail is null ? string.Empty : $"\n    {detail}") +
            (log is null ? string.Empty : $"\n    log: {log}");
    }

    // The first finding or failed test says more than the first output line ("Determining projects to restore...").
    private static string? FirstFinding(Event e)
    {
        if (e.Payload is not { ValueKind: JsonValueKind.Object } payload)
        {
            return null;
        }

        if (payload.TryGetProperty("findings", out var findings) && findings.ValueKind == JsonValueKind.Array && findings.GetArrayLength() > 0
            && findings[0] is { ValueKind: JsonValueKind.Object } f)
        {
            var file = f.TryGetProperty("file", out var p) ? p.GetString() : null;
            var line = f.TryGetProperty("line", out var l) && l.TryGetInt32(out var n) ? $"({n})" : string.Empty;
            var code = f.TryGetProperty("code", out var c) ? " " + c.GetString() : string.Empty;
            var message = f.TryGetProperty("message", out var m) ? m.GetString() : null;
            return $"{file ?? "omk"}{line}: {(f.TryGetProperty("severity", out var s) ? s.GetString() : "error")}{code}: {FirstLine(message)}";
        }

        if (payload.TryGetProperty("failed_tests", out var tests) && tests.ValueKind == JsonValueKind.Array && tests.GetArrayLength() > 0
            && tests[0] is { ValueKind: JsonValueKind.Object } t)
        {
            var name = t.TryGetProperty("name", out var nm) ? nm.GetString() : "a test";
            var message = t.TryGetProperty("message", out var m) ? FirstLine(m.GetString()) : null;
            return $"FAIL {name}{(message is null ? string.Empty : ": " + message)}";
        }

        return null;
    }

    private string Mark(string fancy) => _interactive ? fancy : "omk:";

    private static string? FirstLine(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim();

    private void Redraw()
    {
        lock (_lock)
        {
            ClearStatus();
            DrawStatus();
        }
    }

    private void DrawStatus()
    {
        if (!_interactive || _running.Count == 0)
        {
            return;
        }

        var now = _time.GetTimestamp();
        var parts = _running.Select(p => $"{p.Key} {_time.GetElapsedTime(p.Value, now).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        _frame = (_frame + 1) % Spinner.Length;
        _out.Write($"{Spinner[_frame]} running {string.Join(", ", parts)}");
        _out.Flush();
        _statusShown = true;
    }

    private void ClearStatus()
    {
        if (_statusShown)
        {
            _out.Write("\r\u001b[2K");
            _statusShown = false;
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        lock (_lock)
        {
            ClearStatus();
            _out.Flush();
        }
    }
}
