using System.Globalization;
using System.Text;
using System.Text.Json;
using Omk.Events;
using Omk.Runs;

namespace Omk.Replay;

/// <summary>Turns one event into its timeline entry: what a reader of the run needs to know of it, on one line.</summary>
public static class ReplayEvents
{
    private const int MaxDetail = 160;

    public static ReplayEntry Describe(Event e, long seq, DateTimeOffset start)
    {
        var offset = (long)(e.Ts - start).TotalMilliseconds;
        var task = Text(e, "task_id");
        ReplayEntry Entry(string kind, string? subject, string? status, long? duration, string? detail) =>
            new(seq, offset, kind, task, subject, status, duration, Cut(detail));

        return e.Kind.Value switch
        {
            "run_started" => Entry("run", Text(e, "mode"), "started", null, RunStarted(e)),
            "run_completed" => Entry("run", null, "completed", null, Text(e, "message")),
            "run_failed" => Entry("run", null, "failed", null, Text(e, "reason") ?? Text(e, "message")),
            "manual_interrupt" => Entry("run", null, "interrupted", null, e.Actor),
            "file_changed" => Entry("file", Text(e, "path"), Text(e, "operation"), null, e.Actor == "git" ? null : "by " + e.Actor),
            "command_started" => Entry("gate", Text(e, "name"), "started", null, Join(Attempt(e), Text(e, "command_line"))),
            "command_finished" => Entry("command", Text(e, "name"), Number(e, "exit_code") is { } code ? "exit " + code : "no exit code", Number(e, "duration_ms"), Flag(e, "timed_out") ? "timed out" : null),
            "gate_passed" or "gate_failed" => Gate(e, Entry),
            "retry_scheduled" => Entry("retry", Text(e, "gate_id") ?? task, Number(e, "attempt") is { } n ? "attempt " + n : null, null, Text(e, "reason")),
            "task_accepted" => Entry("task", task, "accepted", null, Text(e, "title")),
            "task_claimed" => Entry("task", task, "claimed", null, Join(Text(e, "worker_id"), Attempt(e))),
            "task_started" => Entry("task", task, "started", null, Join(Text(e, "worker_id"), Attempt(e), Text(e, "branch"))),
            "task_completed" => Entry("task", task, Text(e, "status") ?? "completed", null, Text(e, "output_summary") ?? Text(e, "error")),
            "task_failed" => Entry("task", task, Text(e, "status") ?? "failed", null, Text(e, "error")),
            "task_output" => Output(e, Entry),
            "approval_requested" => Entry("approval", Text(e, "tool"), "requested", null, Join(Text(e, "action"), "policy " + Text(e, "policy"))),
            "approval_decided" => Entry("approval", Text(e, "request_id"), Text(e, "decision"), null, Join(Text(e, "decided_by"), Text(e, "reason"))),
            "worker_stalled" or "worker_dead" or "worker_recovered" or "worker_started" =>
                Entry("worker", Text(e, "worker_id"), e.Kind.Value["worker_".Length..], null, Text(e, "reason") ?? Text(e, "role")),
            "budget_checkpoint" or "goal_budget_exhausted" or "goal_budget_extended" => Entry("budget", null, e.Kind.Value, null, RunTimeline.Summarize(e)),
            "proof_written" => Entry("proof", Text(e, "proof_path"), Text(e, "status"), null, null),
            _ => Entry(e.Kind.Value, null, null, null, RunTimeline.Summarize(e)),
        };
    }

    private static ReplayEntry Gate(Event e, Func<string, string?, string?, long?, string?, ReplayEntry> entry)
    {
        var status = Flag(e, "skipped") ? "skipped" : e.Kind == EventKind.GatePassed ? "passed" : "failed";
        var detail = new List<string?>
        {
            Number(e, "exit_code") is { } code ? "exit " + code : null,
            Flag(e, "timed_out") ? "timed out" : null,
            Tests(e),
            Number(e, "attempts") is > 1 and var attempts ? attempts + " attempts" : null,
            Flag(e, "flaky") ? "flaky" : null,
            ReusedFrom(e) is { } from ? "reused from " + from : null,
            Flag(e, "allow_fail") && status == "failed" ? "failure allowed" : null,
            status == "passed" || Text(e, "reason") is { } r && r.StartsWith("exit code", StringComparison.Ordinal) ? null : Text(e, "reason") ?? Text(e, "message"),
        };
        return entry("gate", Text(e, "name") ?? Text(e, "gate_id"), status, Number(e, "duration_ms"), Join([.. detail]));
    }

    private static string? ReusedFrom(Event e) =>
        e.Payload is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("reused_from", out var from) && from.ValueKind == JsonValueKind.Object
        && from.TryGetProperty("run", out var run) && run.ValueKind == JsonValueKind.String
            ? run.GetString()
            : null;

    private static ReplayEntry Output(Event e, Func<string, string?, string?, long?, string?, ReplayEntry> entry) =>
        Text(e, "wire_event") switch
        {
            "usage" => entry("budget", Text(e, "worker_id"), "tokens", null, $"{Number(e, "input_tokens") ?? 0} in / {Number(e, "output_tokens") ?? 0} out"),
            "agent_message" => entry("agent", Text(e, "worker_id") ?? e.Actor, "said", null, Text(e, "output_summary") ?? Text(e, "message")),
            var wire => entry("task", Text(e, "worker_id") ?? e.Actor, wire ?? "output", null, Text(e, "message") ?? Text(e, "output_summary")),
        };

    private static string RunStarted(Event e)
    {
        var commit = Text(e, "commit");
        var planned = e.Payload is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("planned_gates", out var g) && g.ValueKind == JsonValueKind.Array
            ? g.GetArrayLength() + " planned gate(s)"
            : null;
        return Join(
            commit is null ? "no commit" : "commit " + commit[..Math.Min(12, commit.Length)] + (Flag(e, "dirty") ? " (dirty)" : string.Empty),
            Text(e, "branch") is { } branch ? "branch " + branch : null,
            planned,
            Text(e, "description"))!;
    }

    private static string? Tests(Event e) =>
        e.Payload is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("tests", out var t) && t.ValueKind == JsonValueKind.Object
            ? string.Create(CultureInfo.InvariantCulture, $"{Int(t, "passed")}/{Int(t, "total")} tests passed, {Int(t, "failed")} failed")
            : null;

    private static long Int(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n : 0;

    private static string? Attempt(Event e) => Number(e, "attempt") is { } n ? "attempt " + n : null;

    public static string? Text(Event e, string name) => e.PayloadString(name);

    public static long? Number(Event e, string name) =>
        e.Payload is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    private static bool Flag(Event e, string name) =>
        e.Payload is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static string? Join(params string?[] parts)
    {
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            if (!string.IsNullOrWhiteSpace(part))
            {
                sb.Append(sb.Length > 0 ? ", " : string.Empty).Append(part);
            }
        }

        return sb.Length == 0 ? null : sb.ToString();
    }

    private static string? Cut(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var line = Storage.DisplayText.Strip(text.ReplaceLineEndings(" ")).Trim();
        return line.Length <= MaxDetail ? line : string.Concat(line.AsSpan(0, MaxDetail - 3), "...");
    }
}
