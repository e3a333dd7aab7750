using System.Text.Json;
using Omk.Events.Payloads;

namespace Omk.Events;

/// <summary>
/// Reads the payloads a proof folds (<c>run_started</c>, <c>command_started</c>, <c>command_finished</c>,
/// <c>gate_passed</c>/<c>gate_failed</c>) from an event read from a log, field by field: the same records as
/// <see cref="EventJsonContext"/> would give, without building its metadata (see <see cref="EventPayloadWriter"/>).
/// Returns null whenever the text is not exactly the shape it knows (a value of another JSON type, a merged run's
/// shards, a field it does not know, a payload already parsed): the caller then asks the generated serializer, which
/// decides as it always did (and skips what it does not know). So a field added to a record and not here is never lost,
/// only read more slowly. EventPayloadWriterTests hold the two equal.
/// </summary>
internal static partial class EventPayloadReader
{
    public static RunStartedPayload? RunStarted(Event e) => Read(e, ReadRunStarted);

    public static CommandStartedPayload? CommandStarted(Event e) => Read(e, ReadCommandStarted);

    public static CommandFinishedPayload? CommandFinished(Event e) => Read(e, ReadCommandFinished);

    public static GateResultPayload? GateResult(Event e) => Read(e, ReadGateResult);

    internal delegate T? Reader<T>(ref Utf8JsonReader json);

    private static T? Read<T>(Event e, Reader<T> read)
        where T : class
    {
        if (e.UnparsedPayload is not { } utf8)
        {
            return null;
        }

        try
        {
            var json = new Utf8JsonReader(utf8.Span);
            return json.Read() && json.TokenType == JsonTokenType.StartObject ? read(ref json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static RunStartedPayload? ReadRunStarted(ref Utf8JsonReader j)
    {
        string? mode = null, projectDir = null, description = null, kimiBinary = null, kimiCliVersion = null, wire = null, commit = null,
            branch = null, @base = null, omkVersion = null, gatesOrigin = null, tree = null, verifiesRun = null;
        bool? dirty = null;
        long? budgetSecs = null, budgetTokens = null;
        List<string>? planned = null, secretNames = null;
        GateSelectionPayload? selection = null;
        ShardPayload? shard = null;
        DirtyPatchPayload? patch = null;
        GateSourcePayload? source = null;
        while (NextProperty(ref j))
        {
            var ok = true;
            if (j.ValueTextEquals("mode"u8)) ok = Str(ref j, out mode);
            else if (j.ValueTextEquals("project_dir"u8)) ok = Str(ref j, out projectDir);
            else if (j.ValueTextEquals("description"u8)) ok = Str(ref j, out description);
            else if (j.ValueTextEquals("kimi_binary"u8)) ok = Str(ref j, out kimiBinary);
            else if (j.ValueTextEquals("kimi_cli_version"u8)) ok = Str(ref j, out kimiCliVersion);
            else if (j.ValueTextEquals("wire_protocol_version"u8)) ok = Str(ref j, out wire);
            else if (j.ValueTextEquals("commit"u8)) ok = Str(ref j, out commit);
            else if (j.ValueTextEquals("branch"u8)) ok = Str(ref j, out branch);
            else if (j.ValueTextEquals("dirty"u8)) ok = Bool(ref j, out dirty);
            else if (j.ValueTextEquals("base"u8)) ok = Str(ref j, out @base);
            else if (j.ValueTextEquals("omk_version"u8)) ok = Str(ref j, out omkVersion);
            else if (j.ValueTextEquals("planned_gates"u8)) ok = Strings(ref j, out planned);
            else if (j.ValueTextEquals("secret_names"u8)) ok = Strings(ref j, out secretNames);
            else if (j.ValueTextEquals("gates_origin"u8)) ok = Str(ref j, out gatesOrigin);
            else if (j.ValueTextEquals("gate_selection"u8)) ok = Object(ref j, ReadSelection, out selection);
            else if (j.ValueTextEquals("shard"u8)) ok = Object(ref j, ReadShard, out shard);
            else if (j.ValueTextEquals("budget_secs"u8)) ok = Long(ref j, out budgetSecs);
            else if (j.ValueTextEquals("budget_tokens"u8)) ok = Long(ref j, out budgetTokens);
            else if (j.ValueTextEquals("tree"u8)) ok = Str(ref j, out tree);
            else if (j.ValueTextEquals("dirty_patch"u8)) ok = Object(ref j, ReadPatch, out patch);
            else if (j.ValueTextEquals("gate_source"u8)) ok = Object(ref j, ReadSource, out source);
            else if (j.ValueTextEquals("verifies_run"u8)) ok = Str(ref j, out verifiesRun);
            else ok = false;
            if (!ok)
            {
                return null;
            }
        }

        return new RunStartedPayload(mode!, projectDir!, description!, kimiBinary, kimiCliVersion, wire, commit, branch, dirty, @base, omkVersion, planned, secretNames, gatesOrigin)
        {
            GateSelection = selection,
            Shard = shard,
            BudgetSecs = budgetSecs,
            BudgetTokens = budgetTokens,
            Tree = tree,
            DirtyPatch = patch,
            GateSource = source,
            VerifiesRun = verifiesRun,
        };
    }

    private static CommandStartedPayload? ReadCommandStarted(ref Utf8JsonReader j)
    {
        string? gateId = null, name = null, commandLine = null;
        long? timeout = null;
        int? attempt = null;
        while (NextProperty(ref j))
        {
            var ok = j.ValueTextEquals("gate_id"u8) ? Str(ref j, out gateId)
                : j.ValueTextEquals("name"u8) ? Str(ref j, out name)
                : j.ValueTextEquals("command_line"u8) ? Str(ref j, out commandLine)
                : j.ValueTextEquals("timeout_secs"u8) ? Long(ref j, out timeout)
                : j.ValueTextEquals("attempt"u8) ? Int(ref j, out attempt)
                : Unknown(ref j);
            if (!ok)
            {
                return null;
            }
        }

        return new CommandStartedPayload(gateId!, name!, commandLine!, timeout) { Attempt = attempt };
    }

    private static CommandFinishedPayload? ReadCommandFinished(ref Utf8JsonReader j)
    {
        string? gateId = null, name = null, commandLine = null, stdout = null, stderr = null, outputPath = null;
        int? exitCode = null, attempt = null;
        bool timedOut = false;
        long? duration = null;
        TestCounts? tests = null;
        List<string>? failedNames = null;
        while (NextProperty(ref j))
        {
            var ok = j.ValueTextEquals("gate_id"u8) ? Str(ref j, out gateId)
                : j.ValueTextEquals("name"u8) ? Str(ref j, out name)
                : j.ValueTextEquals("command_line"u8) ? Str(ref j, out commandLine)
                : j.ValueTextEquals("exit_code"u8) ? Int(ref j, out exitCode)
                : j.ValueTextEquals("timed_out"u8) ? RequiredBool(ref j, out timedOut)
                : j.ValueTextEquals("stdout_summary"u8) ? Str(ref j, out stdout)
                : j.ValueTextEquals("stderr_summary"u8) ? Str(ref j, out stderr)
                : j.ValueTextEquals("output_path"u8) ? Str(ref j, out outputPath)
                : j.ValueTextEquals("duration_ms"u8) ? Long(ref j, out duration)
                : j.ValueTextEquals("attempt"u8) ? Int(ref j, out attempt)
                : j.ValueTextEquals("tests"u8) ? Object(ref j, ReadTests, out tests)
                : j.ValueTextEquals("failed_test_names"u8) ? Strings(ref j, out failedNames)
                : Unknown(ref j);
            if (!ok)
            {
                return null;
            }
        }

        return new CommandFinishedPayload(gateId!, name!, commandLine!, exitCode, timedOut, stdout!, stderr!, outputPath, duration)
        {
            Attempt = attempt,
            Tests = tests,
            FailedTestNames = failedNames,
        };
    }

    /// <summary>The fields of a gate result object the reader is on (also the <c>result</c> of a cached gate result).</summary>
    internal static GateResultPayload? ReadGateResult(ref Utf8JsonReader j)
    {
        var f = new GateResultFields();
        while (NextProperty(ref j))
        {
            if (!GateResultField(ref j, f))
            {
                return null;
            }
        }

        return f.Build();
    }

    private static bool GateResultField(ref Utf8JsonReader j, GateResultFields f) =>
        j.ValueTextEquals("gate_id"u8) ? Str(ref j, out f.GateId)
        : j.ValueTextEquals("name"u8) ? Str(ref j, out f.Name)
        : j.ValueTextEquals("required"u8) ? RequiredBool(ref j, out f.Required)
        : j.ValueTextEquals("command_line"u8) ? Str(ref j, out f.CommandLine)
        : j.ValueTextEquals("exit_code"u8) ? Int(ref j, out f.ExitCode)
        : j.ValueTextEquals("timed_out"u8) ? RequiredBool(ref j, out f.TimedOut)
        : j.ValueTextEquals("stdout_summary"u8) ? Str(ref j, out f.StdoutSummary)
        : j.ValueTextEquals("stderr_summary"u8) ? Str(ref j, out f.StderrSummary)
        : j.ValueTextEquals("output_path"u8) ? Str(ref j, out f.OutputPath)
        : j.ValueTextEquals("timeout_secs"u8) ? Long(ref j, out f.TimeoutSecs)
        : j.ValueTextEquals("duration_ms"u8) ? Long(ref j, out f.DurationMs)
        : j.ValueTextEquals("allow_fail"u8) ? Bool(ref j, out f.AllowFail)
        : j.ValueTextEquals("skipped"u8) ? Bool(ref j, out f.Skipped)
        : j.ValueTextEquals("reason"u8) ? Str(ref j, out f.Reason)
        : j.ValueTextEquals("tags"u8) ? Strings(ref j, out f.Tags)
        : j.ValueTextEquals("gate_kind"u8) ? Str(ref j, out f.GateKind)
        : j.ValueTextEquals("message"u8) ? Str(ref j, out f.Message)
        : j.ValueTextEquals("evidence"u8) ? Object(ref j, ReadEvidence, out f.Evidence)
        : j.ValueTextEquals("source_file"u8) ? Str(ref j, out f.SourceFile)
        : j.ValueTextEquals("source_line"u8) ? Int(ref j, out f.SourceLine)
        : j.ValueTextEquals("timeout_source"u8) ? Str(ref j, out f.TimeoutSource)
        : j.ValueTextEquals("tests"u8) ? Object(ref j, ReadTests, out f.Tests)
        : j.ValueTextEquals("failed_tests"u8) ? Objects(ref j, ReadFailedTest, out f.FailedTests)
        : j.ValueTextEquals("findings"u8) ? Objects(ref j, ReadFinding, out f.Findings)
        : j.ValueTextEquals("findings_total"u8) ? Object(ref j, ReadTotals, out f.FindingsTotal)
        : j.ValueTextEquals("output_tail"u8) ? Strings(ref j, out f.OutputTail)
        : j.ValueTextEquals("attempts"u8) ? Int(ref j, out f.Attempts)
        : j.ValueTextEquals("flaky"u8) ? Bool(ref j, out f.Flaky)
        : j.ValueTextEquals("input_key"u8) ? Str(ref j, out f.InputKey)
        : j.ValueTextEquals("reused_from"u8) ? Object(ref j, ReadReuse, out f.ReusedFrom)
        : Unknown(ref j);

    private static GateSelectionPayload? ReadSelection(ref Utf8JsonReader j)
    {
        string? filter = null;
        List<string>? selected = null, notSelected = null;
        while (NextProperty(ref j))
        {
            var ok = j.ValueTextEquals("filter"u8) ? Str(ref j, out filter)
                : j.ValueTextEquals("selected"u8) ? Strings(ref j, out selected)
                : j.ValueTextEquals("not_selected"u8) ? Strings(ref j, out notSelected)
                : Unknown(ref j);
            if (!ok)
            {
                return null;
            }
        }

        return new GateSelectionPayload(filter!, selected!, notSelected!);
    }

    private static ShardPayload? ReadShard(ref Utf8JsonReader j)
    {
        int index = 0, total = 0;
        string? hash = null, balancedBy = null;
        List<string>? all = null;
        while (NextProperty(ref j))
        {
            var ok = j.ValueTextEquals("index"u8) ? RequiredInt(ref j, out index)
                : j.ValueTextEquals("total"u8) ? RequiredInt(ref j, out total)
                : j.ValueTextEquals("gate_set_hash"u8) ? Str(ref j, out hash)
                : j.ValueTextEquals("all_gates"u8) ? Strings(ref j, out all)
                : j.ValueTextEquals("balanced_by"u8) ? Str(ref j, out balancedBy)
                : Unknown(ref j);
            if (!ok)
            {
                return null;
            }
        }

        return new ShardPayload(index, total, hash!, all!, balancedBy!);
    }

    private static DirtyPatchPayload? ReadPatch(ref Utf8JsonReader j)
    {
        string? path = null, sha = null;
        long bytes = 0;
        while (NextProperty(ref j))
        {
            var ok = j.ValueTextEquals("path"u8) ? Str(ref j, out path)
                : j.ValueTextEquals("bytes"u8) ? RequiredLong(ref j, out bytes)
                : j.ValueTextEquals("sha256"u8) ? Str(ref j, out sha)
                : Unknown(ref j);
            if (!ok)
            {
                return null;
            }
        }

        return new DirtyPatchPayload(path!, bytes, sha!);
    }

    private static GateSourcePayload? ReadSource(ref Utf8JsonReader j)
    {
        List<string>? gates = null, after = null, allowFail = null;
        string? gatesDir = null, solution = null, filter = null;
        bool? affected = null;
        while (NextProperty(ref j))
        {
            var ok = j.ValueTextEquals("gates"u8) ? Strings(ref j, out gates)
                : j.ValueTextEquals("after"u8) ? Strings(ref j, out after)
                : j.ValueTextEquals("gates_dir"u8) ? Str(ref j, out gatesDir)
                : j.ValueTextEquals("solution"u8) ? Str(ref j, out solution)
                : j.ValueTextEquals("filter"u8) ? Str(ref j, out filter)
                : j.ValueTextEquals("allow_fail"u8) ? Strings(ref j, out allowFail)
                : j.ValueTextEquals("affected"u8) ? Bool(ref j, out affected)
                : Unknown(ref j);
            if (!ok)
            {
                return null;
            }
        }

        return new GateSourcePayload { Gates = gates, After = after, GatesDir = gatesDir, Solution = solution, Filter = filter, AllowFail = allowFail, Affected = affected };
    }
}
