using System.Globalization;
using System.Text;
using System.Text.Json;
using Omk.Events;

namespace Omk.Runs;

/// <summary>A run's events as a timeline (what happened, in order): a projection of the log, no clock involved.</summary>
public static class RunTimeline
{
    private static readonly string[] SummaryKeys =
    [
        "message", "label", "reason", "status", "phase", "task_id", "gate_id", "name", "action", "source", "worker_id",
        "mode", "commit", "path", "operation", "exit_code", "timed_out", "skipped", "duration_ms", "proof_path",
    ];

    public static IReadOnlyList<TimelineEntry> Build(IEnumerable<Event> events) =>
        events.Select((e, i) => new TimelineEntry(i + 1, e.Ts, e.Kind.Value, e.Actor, Summarize(e))).ToList();

    public static string? Summarize(Event e)
    {
        if (e.Payload is not { ValueKind: JsonValueKind.Object } payload)
        {
            return null;
        }

        var sb = new StringBuilder();
        foreach (var key in SummaryKeys)
        {
            if (!payload.TryGetProperty(key, out var value) || key == "name" && payload.TryGetProperty("gate_id", out _))
            {
                continue;
            }

            var text = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => key is "timed_out" or "skipped" ? "true" : null,
                _ => null,
            };
            if (text is null)
            {
                continue;
            }

            if (text.Length > 120)
            {
                text = string.Concat(text.AsSpan(0, 117), "...");
            }

            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(key).Append('=');
            // Quoted when it has spaces; readable as written (apostrophes, accents and '<' stay as they are).
            sb.Append(text.Contains(' ', StringComparison.Ordinal) ? Quote(text) : text);
        }

        return sb.Length == 0 ? null : sb.ToString();
    }

    private static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => sb.Append("\\\""),
                '\\' => sb.Append("\\\\"),
                '\n' => sb.Append("\\n"),
                '\r' => sb.Append("\\r"),
                '\t' => sb.Append("\\t"),
                _ when char.IsControl(c) => sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => sb.Append(c),
            };
        }

        return sb.Append('"').ToString();
    }

    public static string FormatTs(DateTimeOffset ts) =>
        ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
