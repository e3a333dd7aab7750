using System.Text;
using System.Text.Json;
using Omk.Events;
using Omk.Storage;

namespace Omk.Proofs;

/// <summary>
/// <c>proof.json</c> written field by field: the same text as <see cref="ProofJsonContext.File"/> (indented, snake_case,
/// nulls omitted, readable escaping, UTC <c>Z</c> timestamps), without building the serializer's metadata for the proof's
/// types in every <c>omk proof</c>. Null for a merged proof (its shards) or an incremental one (its project graph): the caller then uses the generated serializer.
/// ProofJsonWriterTests hold the two equal.
/// </summary>
internal static class ProofJsonWriter
{
    private static readonly JsonWriterOptions Options = JsonFileOptions.Writer(indented: true) with { SkipValidation = true };

    public static string? Write(Proof proof) =>
        proof.Merge is not null || proof.Affected is not null ? null : Encoding.UTF8.GetString(EventPayloadWriter.Build(proof, Fields, Options));

    private static void Fields(Utf8JsonWriter w, Proof p)
    {
        EventPayloadWriter.Str(w, "run_id"u8, p.RunId);
        EventPayloadWriter.Str(w, "status"u8, p.Status);
        EventPayloadWriter.Str(w, "readiness"u8, p.Readiness);
        w.WriteString("generated_at"u8, UtcTimestampJsonConverter.Format(p.GeneratedAt));
        EventPayloadWriter.Str(w, "commit"u8, p.Commit);
        EventPayloadWriter.Bool(w, "dirty"u8, p.Dirty);
        EventPayloadWriter.Str(w, "base"u8, p.Base);
        EventPayloadWriter.Str(w, "branch"u8, p.Branch);
        EventPayloadWriter.Selection(w, "selection"u8, p.Selection);
        EventPayloadWriter.Shard(w, p.Shard);
        Array(w, "changed_files"u8, p.ChangedFiles, static (w, f) =>
        {
            EventPayloadWriter.Str(w, "path"u8, f.Path);
            EventPayloadWriter.Str(w, "operation"u8, f.Operation);
        });
        Array(w, "gates"u8, p.Gates, Gate);
        Array(w, "failures"u8, p.Failures, static (w, f) =>
        {
            EventPayloadWriter.Str(w, "task_id"u8, f.TaskId);
            EventPayloadWriter.Str(w, "worker_id"u8, f.WorkerId);
            EventPayloadWriter.Str(w, "description"u8, f.Description);
            w.WriteString("timestamp"u8, UtcTimestampJsonConverter.Format(f.Timestamp));
        });
        Array(w, "retries"u8, p.Retries, static (w, r) =>
        {
            EventPayloadWriter.Str(w, "task_id"u8, r.TaskId);
            EventPayloadWriter.Num(w, "attempt"u8, r.Attempt);
            EventPayloadWriter.Str(w, "reason"u8, r.Reason);
            EventPayloadWriter.Str(w, "gate_id"u8, r.GateId);
        });
        EventPayloadWriter.Strings(w, "known_gaps"u8, p.KnownGaps);
        EventPayloadWriter.Str(w, "summary"u8, p.Summary);
        EventPayloadWriter.Num(w, "elapsed_secs"u8, p.ElapsedSecs);
        EventPayloadWriter.Num(w, "elapsed_ms"u8, p.ElapsedMs);
        if (p.Integrity is { } integrity)
        {
            w.WriteStartObject("integrity"u8);
            EventPayloadWriter.Str(w, "algorithm"u8, integrity.Algorithm);
            EventPayloadWriter.Str(w, "events_path"u8, integrity.EventsPath);
            w.WriteNumber("events_bytes"u8, integrity.EventsBytes);
            EventPayloadWriter.Str(w, "events_sha256"u8, integrity.EventsSha256);
            Array(w, "gate_logs"u8, integrity.GateLogs, static (w, d) =>
            {
                EventPayloadWriter.Str(w, "path"u8, d.Path);
                EventPayloadWriter.Str(w, "gate"u8, d.Gate);
                w.WriteNumber("bytes"u8, d.Bytes);
                EventPayloadWriter.Str(w, "sha256"u8, d.Sha256);
            });
            w.WriteEndObject();
        }
    }

    private static void Gate(Utf8JsonWriter w, ProofGate g)
    {
        EventPayloadWriter.Str(w, "name"u8, g.Name);
        EventPayloadWriter.Str(w, "status"u8, g.Status);
        w.WriteBoolean("required"u8, g.Required);
        EventPayloadWriter.Bool(w, "allow_fail"u8, g.AllowFail);
        EventPayloadWriter.Str(w, "kind"u8, g.Kind);
        EventPayloadWriter.Strings(w, "tags"u8, g.Tags);
        EventPayloadWriter.Str(w, "source_file"u8, g.SourceFile);
        EventPayloadWriter.Num(w, "source_line"u8, g.SourceLine);
        if (g.Evidence is { } e)
        {
            w.WriteStartObject("evidence"u8);
            EventPayloadWriter.Str(w, "command_line"u8, e.CommandLine);
            EventPayloadWriter.Num(w, "exit_code"u8, e.ExitCode);
            w.WriteBoolean("timed_out"u8, e.TimedOut);
            EventPayloadWriter.Str(w, "stdout_summary"u8, e.StdoutSummary);
            EventPayloadWriter.Str(w, "stderr_summary"u8, e.StderrSummary);
            EventPayloadWriter.Str(w, "output_path"u8, e.OutputPath);
            EventPayloadWriter.Num(w, "timeout_secs"u8, e.TimeoutSecs);
            EventPayloadWriter.Str(w, "timeout_source"u8, e.TimeoutSource);
            EventPayloadWriter.Num(w, "duration_ms"u8, e.DurationMs);
            EventPayloadWriter.Str(w, "reason"u8, e.Reason);
            EventPayloadWriter.Str(w, "message"u8, e.Message);
            EventPayloadWriter.Map(w, "values"u8, e.Values);
            EventPayloadWriter.Strings(w, "output_tail"u8, e.OutputTail);
            w.WriteEndObject();
        }

        EventPayloadWriter.Bool(w, "optional"u8, g.Optional);
        EventPayloadWriter.Tests(w, g.Tests);
        EventPayloadWriter.FailedTests(w, g.FailedTests);
        EventPayloadWriter.Findings(w, g.Findings, g.FindingsTotal);
        EventPayloadWriter.Bool(w, "flaky"u8, g.Flaky);
        if (g.Attempts is { } attempts)
        {
            Array(w, "attempts"u8, attempts, static (w, a) =>
            {
                w.WriteNumber("attempt"u8, a.Attempt);
                EventPayloadWriter.Num(w, "exit_code"u8, a.ExitCode);
                w.WriteBoolean("timed_out"u8, a.TimedOut);
                EventPayloadWriter.Num(w, "duration_ms"u8, a.DurationMs);
                EventPayloadWriter.Str(w, "output_path"u8, a.OutputPath);
                EventPayloadWriter.Tests(w, a.Tests);
                EventPayloadWriter.Strings(w, "failed_tests"u8, a.FailedTests);
            });
        }

        EventPayloadWriter.Str(w, "input_key"u8, g.InputKey);
        EventPayloadWriter.Reused(w, g.ReusedFrom);
    }

    private static void Array<T>(Utf8JsonWriter w, ReadOnlySpan<byte> name, IReadOnlyList<T>? items, Action<Utf8JsonWriter, T> fields)
        where T : class
    {
        if (items is null)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var item in items)
        {
            if (item is null)
            {
                w.WriteNullValue();
                continue;
            }

            w.WriteStartObject();
            fields(w, item);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
