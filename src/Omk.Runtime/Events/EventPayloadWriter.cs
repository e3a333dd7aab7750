using System.Buffers;
using System.Text.Json;
using Omk.Events.Payloads;

namespace Omk.Events;

/// <summary>
/// The payloads every proof run writes (<c>run_started</c>, <c>file_changed</c>, <c>command_started</c>,
/// <c>command_finished</c>, <c>gate_passed</c>/<c>gate_failed</c>, <c>retry_scheduled</c>, <c>run_completed</c>,
/// <c>run_failed</c>, <c>proof_written</c>) written field by field: the same UTF-8 bytes as <see cref="EventJsonContext"/>
/// (field order, snake_case names, nulls omitted, readable escaping), without building the serializer's metadata for each
/// payload type and each value type in it, which was the largest part of the first event's cost in a short-lived
/// <c>omk proof</c> (docs/performance.md). Returns null for a payload holding a field it does not write (a merged run's
/// shards, a USD budget, an incremental run's project graph): the caller then uses the generated serializer. EventPayloadWriterTests hold the two equal.
/// </summary>
internal static class EventPayloadWriter
{
    private static readonly JsonWriterOptions Options = Storage.JsonFileOptions.Writer(indented: false) with { SkipValidation = true };

    public static byte[]? Write(object payload) => payload switch
    {
        RunStartedPayload p => p.Merge is null && p.BudgetUsd is null && p.Affected is null ? Build(p, RunStarted) : null,
        FileChangedPayload p => Build(p, static (w, p) => { Str(w, "path"u8, p.Path); Str(w, "operation"u8, p.Operation); }),
        CommandStartedPayload p => Build(p, CommandStarted),
        CommandFinishedPayload p => Build(p, CommandFinished),
        GateResultPayload p => Build(p, GateResult),
        RetryScheduledPayload p => Build(p, RetryScheduled),
        MessagePayload p => Build(p, static (w, p) => Str(w, "message"u8, p.Message)),
        RunFailedPayload p => Build(p, static (w, p) => Str(w, "reason"u8, p.Reason)),
        ProofWrittenPayload p => Build(p, static (w, p) => { Str(w, "proof_path"u8, p.ProofPath); Str(w, "status"u8, p.Status); }),
        _ => null,
    };

    /// <summary>One JSON object written by <paramref name="fields"/>, with the event log's settings unless others are given.</summary>
    internal static byte[] Build<T>(T payload, Action<Utf8JsonWriter, T> fields, JsonWriterOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, options ?? Options))
        {
            json.WriteStartObject();
            fields(json, payload);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    internal static void Selection(Utf8JsonWriter w, ReadOnlySpan<byte> name, GateSelectionPayload? selection)
    {
        if (selection is null)
        {
            return;
        }

        w.WriteStartObject(name);
        Str(w, "filter"u8, selection.Filter);
        Strings(w, "selected"u8, selection.Selected);
        Strings(w, "not_selected"u8, selection.NotSelected);
        w.WriteEndObject();
    }

    internal static void Shard(Utf8JsonWriter w, ShardPayload? shard)
    {
        if (shard is null)
        {
            return;
        }

        w.WriteStartObject("shard"u8);
        w.WriteNumber("index"u8, shard.Index);
        w.WriteNumber("total"u8, shard.Total);
        Str(w, "gate_set_hash"u8, shard.GateSetHash);
        Strings(w, "all_gates"u8, shard.AllGates);
        Str(w, "balanced_by"u8, shard.BalancedBy);
        w.WriteEndObject();
    }

    private static void RunStarted(Utf8JsonWriter w, RunStartedPayload p)
    {
        Str(w, "mode"u8, p.Mode);
        Str(w, "project_dir"u8, p.ProjectDir);
        Str(w, "description"u8, p.Description);
        Str(w, "kimi_binary"u8, p.KimiBinary);
        Str(w, "kimi_cli_version"u8, p.KimiCliVersion);
        Str(w, "wire_protocol_version"u8, p.WireProtocolVersion);
        Str(w, "commit"u8, p.Commit);
        Str(w, "branch"u8, p.Branch);
        Bool(w, "dirty"u8, p.Dirty);
        Str(w, "base"u8, p.Base);
        Str(w, "omk_version"u8, p.OmkVersion);
        Strings(w, "planned_gates"u8, p.PlannedGates);
        Strings(w, "secret_names"u8, p.SecretNames);
        Str(w, "gates_origin"u8, p.GatesOrigin);
        Selection(w, "gate_selection"u8, p.GateSelection);
        Shard(w, p.Shard);
        Num(w, "budget_secs"u8, p.BudgetSecs);
        Num(w, "budget_tokens"u8, p.BudgetTokens);
        Str(w, "tree"u8, p.Tree);
        if (p.DirtyPatch is { } patch)
        {
            w.WriteStartObject("dirty_patch"u8);
            Str(w, "path"u8, patch.Path);
            w.WriteNumber("bytes"u8, patch.Bytes);
            Str(w, "sha256"u8, patch.Sha256);
            w.WriteEndObject();
        }

        if (p.GateSource is { } source)
        {
            w.WriteStartObject("gate_source"u8);
            Strings(w, "gates"u8, source.Gates);
            Strings(w, "after"u8, source.After);
            Str(w, "gates_dir"u8, source.GatesDir);
            Str(w, "solution"u8, source.Solution);
            Str(w, "filter"u8, source.Filter);
            Strings(w, "allow_fail"u8, source.AllowFail);
            Bool(w, "affected"u8, source.Affected);
            w.WriteEndObject();
        }

        Str(w, "verifies_run"u8, p.VerifiesRun);
    }

    private static void CommandStarted(Utf8JsonWriter w, CommandStartedPayload p)
    {
        Str(w, "gate_id"u8, p.GateId);
        Str(w, "name"u8, p.Name);
        Str(w, "command_line"u8, p.CommandLine);
        Num(w, "timeout_secs"u8, p.TimeoutSecs);
        Num(w, "attempt"u8, p.Attempt);
    }

    private static void CommandFinished(Utf8JsonWriter w, CommandFinishedPayload p)
    {
        Str(w, "gate_id"u8, p.GateId);
        Str(w, "name"u8, p.Name);
        Str(w, "command_line"u8, p.CommandLine);
        Num(w, "exit_code"u8, p.ExitCode);
        w.WriteBoolean("timed_out"u8, p.TimedOut);
        Str(w, "stdout_summary"u8, p.StdoutSummary);
        Str(w, "stderr_summary"u8, p.StderrSummary);
        Str(w, "output_path"u8, p.OutputPath);
        Num(w, "duration_ms"u8, p.DurationMs);
        Num(w, "attempt"u8, p.Attempt);
        Tests(w, p.Tests);
        Strings(w, "failed_test_names"u8, p.FailedTestNames);
    }

    /// <summary>The fields of a gate result (also the <c>result</c> of a cached gate result).</summary>
    internal static void GateResult(Utf8JsonWriter w, GateResultPayload p)
    {
        Str(w, "gate_id"u8, p.GateId);
        Str(w, "name"u8, p.Name);
        w.WriteBoolean("required"u8, p.Required);
        Str(w, "command_line"u8, p.CommandLine);
        Num(w, "exit_code"u8, p.ExitCode);
        w.WriteBoolean("timed_out"u8, p.TimedOut);
        Str(w, "stdout_summary"u8, p.StdoutSummary);
        Str(w, "stderr_summary"u8, p.StderrSummary);
        Str(w, "output_path"u8, p.OutputPath);
        Num(w, "timeout_secs"u8, p.TimeoutSecs);
        Num(w, "duration_ms"u8, p.DurationMs);
        Bool(w, "allow_fail"u8, p.AllowFail);
        Bool(w, "skipped"u8, p.Skipped);
        Str(w, "reason"u8, p.Reason);
        Strings(w, "tags"u8, p.Tags);
        Str(w, "gate_kind"u8, p.GateKind);
        Str(w, "message"u8, p.Message);
        Map(w, "evidence"u8, p.Evidence);
        Str(w, "source_file"u8, p.SourceFile);
        Num(w, "source_line"u8, p.SourceLine);
        Str(w, "timeout_source"u8, p.TimeoutSource);
        Tests(w, p.Tests);
        FailedTests(w, p.FailedTests);
        Findings(w, p.Findings, p.FindingsTotal);
        Strings(w, "output_tail"u8, p.OutputTail);
        Num(w, "attempts"u8, p.Attempts);
        Bool(w, "flaky"u8, p.Flaky);
        Str(w, "input_key"u8, p.InputKey);
        Reused(w, p.ReusedFrom);
    }

    internal static void Map(Utf8JsonWriter w, ReadOnlySpan<byte> name, IReadOnlyDictionary<string, string>? values)
    {
        if (values is null)
        {
            return;
        }

        w.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            w.WritePropertyName(key);
            if (value is null)
            {
                w.WriteNullValue();
            }
            else
            {
                w.WriteStringValue(value);
            }
        }

        w.WriteEndObject();
    }

    internal static void FailedTests(Utf8JsonWriter w, IReadOnlyList<FailedTest>? failed)
    {
        if (failed is null)
        {
            return;
        }

        w.WriteStartArray("failed_tests"u8);
        foreach (var test in failed)
        {
            w.WriteStartObject();
            Str(w, "name"u8, test.Name);
            Str(w, "message"u8, test.Message);
            Str(w, "file"u8, test.File);
            Num(w, "line"u8, test.Line);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    // The findings and, after them, their true totals.
    internal static void Findings(Utf8JsonWriter w, IReadOnlyList<Finding>? findings, FindingTotals? totals)
    {
        if (findings is not null)
        {
            w.WriteStartArray("findings"u8);
            foreach (var finding in findings)
            {
                w.WriteStartObject();
                Str(w, "severity"u8, finding.Severity);
                Str(w, "code"u8, finding.Code);
                Str(w, "file"u8, finding.File);
                Num(w, "line"u8, finding.Line);
                Num(w, "column"u8, finding.Column);
                Str(w, "message"u8, finding.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (totals is not null)
        {
            w.WriteStartObject("findings_total"u8);
            w.WriteNumber("errors"u8, totals.Errors);
            w.WriteNumber("warnings"u8, totals.Warnings);
            w.WriteEndObject();
        }
    }

    internal static void Reused(Utf8JsonWriter w, GateReuseSource? reused)
    {
        if (reused is not null)
        {
            w.WriteStartObject("reused_from"u8);
            Str(w, "run"u8, reused.Run);
            Str(w, "gate"u8, reused.Gate);
            w.WriteEndObject();
        }
    }

    private static void RetryScheduled(Utf8JsonWriter w, RetryScheduledPayload p)
    {
        Str(w, "task_id"u8, p.TaskId);
        Str(w, "reason"u8, p.Reason);
        Num(w, "attempt"u8, p.Attempt);
        Str(w, "stale_worker_id"u8, p.StaleWorkerId);
        Str(w, "gate_id"u8, p.GateId);
    }

    internal static void Tests(Utf8JsonWriter w, TestCounts? tests)
    {
        if (tests is null)
        {
            return;
        }

        w.WriteStartObject("tests"u8);
        w.WriteNumber("total"u8, tests.Total);
        w.WriteNumber("passed"u8, tests.Passed);
        w.WriteNumber("failed"u8, tests.Failed);
        w.WriteNumber("skipped"u8, tests.Skipped);
        w.WriteEndObject();
    }

    internal static void Str(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    internal static void Num(Utf8JsonWriter w, ReadOnlySpan<byte> name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }

    internal static void Bool(Utf8JsonWriter w, ReadOnlySpan<byte> name, bool? value)
    {
        if (value is { } v)
        {
            w.WriteBoolean(name, v);
        }
    }

    internal static void Strings(Utf8JsonWriter w, ReadOnlySpan<byte> name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var value in values)
        {
            if (value is null)
            {
                w.WriteNullValue();
            }
            else
            {
                w.WriteStringValue(value);
            }
        }

        w.WriteEndArray();
    }
}
