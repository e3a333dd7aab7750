using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Omk.Events;
using Omk.Events.Payloads;
using Omk.Storage;
using Omk.Testing;
using Omk.Tests.Support;

namespace Omk.Tests.Events;

/// <summary>
/// The hand-written payload writer and reader of a proof run against the generated serializer: the same bytes for every
/// payload kind the writer handles, the same records read back, and the generated serializer for what they do not handle.
/// </summary>
public sealed class EventPayloadWriterTests
{
    private static readonly EventJsonContext Json = EventJsonContext.File;

    private static readonly EventFactory Factory =
        new(new RunId("run-20260514-085416-149"), new ManualTimeProvider(new DateTimeOffset(2026, 5, 14, 8, 54, 16, 149, TimeSpan.Zero)));

    // Text that escaping treats differently: quotes, markup, control characters, line separators, non-ASCII, surrogate pairs.
    private const string Awkward = "a \"quoted\" <b>&amp;</b> 'x' \\ back\nline\ttab \u0001 \u2028 é 日本 🚀 +1 `tick`";

    public static TheoryData<string, object, byte[]> Payloads()
    {
        var data = new TheoryData<string, object, byte[]>();
        void Add<T>(string name, T payload, JsonTypeInfo<T> info)
            where T : notnull => data.Add(name, payload, JsonSerializer.SerializeToUtf8Bytes(payload, info));

        Add("run_started minimal", new RunStartedPayload("proof", "/repo", ""), Json.RunStartedPayload);
        Add("run_started full", new RunStartedPayload("proof", "/r e/p\"o", Awkward, "kimi", "1.2", "1.10", "abc123", "main", true, "origin/main", "1.2.3",
            ["build", Awkward, "test"], ["GITHUB_TOKEN"], "gates/*.fsx")
        {
            GateSelection = new GateSelectionPayload("tag:fast,b*", ["build"], ["test", "lint"]),
            Shard = new ShardPayload(2, 3, "hash", ["a", "b", "c"], "durations"),
            BudgetSecs = 3600,
            BudgetTokens = long.MaxValue,
            Tree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
            DirtyPatch = new DirtyPatchPayload("state/dirty.patch", 12345, "deadbeef"),
            GateSource = new GateSourcePayload { Gates = ["a=true", "b=!echo 'x'"], After = ["b:a"], GatesDir = "gates", Solution = "s.sln", Filter = "a", AllowFail = ["b"], Affected = true },
            VerifiesRun = "run-1",
        }, Json.RunStartedPayload);
        Add("run_started clean", new RunStartedPayload("proof", "/repo", "", Dirty: false, PlannedGates: []) { GateSource = new GateSourcePayload() }, Json.RunStartedPayload);
        Add("file_changed", new FileChangedPayload("src/é \"a\".cs", FileChangedPayload.Modified), Json.FileChangedPayload);
        Add("command_started", new CommandStartedPayload("g", "g", "dotnet test --filter \"A&B\"", 1800), Json.CommandStartedPayload);
        Add("command_started attempt", new CommandStartedPayload("g", "g", Awkward, null) { Attempt = 2 }, Json.CommandStartedPayload);
        Add("command_finished", new CommandFinishedPayload("g", "g", "true", 0, false, "", "", "gates/01-g.log", 12), Json.CommandFinishedPayload);
        Add("command_finished full", new CommandFinishedPayload("g", "g", "x", null, true, Awkward, "err\n", null)
        {
            Attempt = 3,
            Tests = new TestCounts(10, 7, 2, 1),
            FailedTestNames = ["A.B(x: \"1\")", "C"],
        }, Json.CommandFinishedPayload);
        Add("gate minimal", new GateResultPayload("g", "g", false), Json.GateResultPayload);
        Add("gate passed", new GateResultPayload("g", "g", true, "true", 0, false, null, null, "gates/01-g.log", 1800, 3, GateKind: "command", TimeoutSource: "default")
        {
            InputKey = "0123abcd",
        }, Json.GateResultPayload);
        Add("gate full", new GateResultPayload("g", "g", true, Awkward, -1, true, "out", "err", "gates/02-g.log", 60, 60001, true, false, "timed out after 60 s",
            ["tests", "perf"], "code", "message " + Awkward, new Dictionary<string, string> { ["leftover_processes_killed"] = "2", ["é"] = Awkward, ["nothing"] = null! },
            "gates/quality.fsx", 12, "gate (gates/quality.fsx:12)")
        {
            Tests = new TestCounts(3, 1, 1, 1),
            FailedTests = [new FailedTest("T.A", Awkward, "tests/T.cs", 40), new FailedTest("T.B", null, null, null)],
            Findings = [new Finding("error", "CS1002", "src/A.cs", 3, 14, "; expected"), new Finding("warning", null, null, null, null, "MSB: " + Awkward)],
            FindingsTotal = new FindingTotals(120, 3),
            OutputTail = ["line 1", Awkward],
            Attempts = 2,
            Flaky = true,
            InputKey = "key",
            ReusedFrom = new GateReuseSource("run-0", "g"),
        }, Json.GateResultPayload);
        Add("gate skipped", new GateResultPayload("g", "g", true, "x", Skipped: true, Reason: "dependency 'a' failed", Tags: []), Json.GateResultPayload);
        Add("retry_scheduled", new RetryScheduledPayload(null, "gate g failed on attempt 1: exit code 1", 2) { GateId = "g" }, Json.RetryScheduledPayload);
        Add("retry_scheduled task", new RetryScheduledPayload("t1", Awkward, null, "w-0"), Json.RetryScheduledPayload);
        Add("message", new MessagePayload("5 of 5 gate(s) ran " + Awkward), Json.MessagePayload);
        Add("run_failed", new RunFailedPayload("internal error: " + Awkward), Json.RunFailedPayload);
        Add("proof_written", new ProofWrittenPayload("proof.json", "ready"), Json.ProofWrittenPayload);
        return data;
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void The_hand_written_payload_is_the_generated_serializers_bytes(string name, object payload, byte[] generated)
    {
        var written = EventPayloadWriter.Write(payload);

        Assert.NotNull(written);
        Assert.True(generated.AsSpan().SequenceEqual(written), $"{name}:\n{Encoding.UTF8.GetString(generated)}\n{Encoding.UTF8.GetString(written)}");
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void The_event_line_is_the_same_with_and_without_redaction(string name, object payload, byte[] generated)
    {
        var viaFactory = FactoryEvent(payload);
        var viaElement = viaFactory with { Payload = JsonDocument.Parse(generated).RootElement.Clone() };
        var redactor = new SecretRedactor(["quoted"]);

        Assert.Equal(EventLine.ToJson(viaElement), EventLine.ToJson(viaFactory));
        Assert.Equal(EventLine.ToJson(viaElement, redactor), EventLine.ToJson(viaFactory, redactor));
        Assert.Equal(EventLine.ToJson(EventLine.Redacted(viaElement, redactor)), EventLine.ToJson(EventLine.Redacted(viaFactory, redactor)));
        Assert.Contains(name.Split(' ')[0], "run_started file_changed command_started command_finished gate retry_scheduled message run_failed proof_written", StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void The_hand_read_payload_is_the_generated_serializers_record(string name, object payload, byte[] generated)
    {
        var read = ReadBack(FactoryEvent(payload));
        object? fast = payload switch
        {
            RunStartedPayload => EventPayloadReader.RunStarted(read),
            CommandStartedPayload => EventPayloadReader.CommandStarted(read),
            CommandFinishedPayload => EventPayloadReader.CommandFinished(read),
            GateResultPayload => EventPayloadReader.GateResult(read),
            _ => null,
        };
        if (fast is null)
        {
            Assert.IsNotType<GateResultPayload>(payload);
            return;
        }

        // Compared as what they write, since lists inside records compare by reference.
        Assert.Equal(Encoding.UTF8.GetString(generated), Encoding.UTF8.GetString(EventPayloadWriter.Write(fast)!));
        Assert.Equal(Encoding.UTF8.GetString(EventPayloadWriter.Write(Generated(read, payload)!)!), Encoding.UTF8.GetString(EventPayloadWriter.Write(fast)!));
        Assert.NotEmpty(name);
    }

    [Fact]
    public void Payloads_the_writer_does_not_handle_go_through_the_generated_serializer()
    {
        var merged = new RunStartedPayload("proof", "/repo", "merged") { Merge = new ProofMergePayload(2, "h", [new MergedShard(1, "run-1", ["a"])], [2]) };
        var budget = new RunStartedPayload("goal", "/repo", "x") { BudgetUsd = 1.50m };
        var heartbeat = new WorkerHeartbeatPayload("w-0", DateTimeOffset.UnixEpoch);

        Assert.Null(EventPayloadWriter.Write(merged));
        Assert.Null(EventPayloadWriter.Write(budget));
        Assert.Null(EventPayloadWriter.Write(heartbeat));
        Assert.Equal(
            Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(merged, Json.RunStartedPayload)),
            Factory.RunStarted(merged).Payload!.Value.GetRawText());
        Assert.Contains("\"budget_usd\":1.50", EventLine.ToJson(Factory.RunStarted(budget)), StringComparison.Ordinal);

        // Read back, the reader leaves a merged run to the generated serializer, which reads the shards.
        var read = ReadBack(Factory.RunStarted(merged));
        Assert.Null(EventPayloadReader.RunStarted(read));
        Assert.Equal("run-1", read.PayloadAs(Json.RunStartedPayload)!.Merge!.Shards[0].RunId);
    }

    [Theory]
    [InlineData("""{"gate_id":"g","name":"g","required":true,"exit_code":"0"}""")]
    [InlineData("""{"gate_id":"g","name":"g","required":null}""")]
    [InlineData("""{"gate_id":"g","name":"g","required":true,"duration_ms":1.5}""")]
    [InlineData("""{"gate_id":"g","name":"g","required":true,"tags":"a"}""")]
    [InlineData("""{"gate_id":"g","name":"g","required":true,"exit_code":3000000000}""")]
    [InlineData("""{"gate_id":1,"name":"g","required":true}""")]
    [InlineData("""{"gate_id":"g","name":"g","required":true,"tests":{"total":null}}""")]
    public void A_value_of_another_shape_is_left_to_the_generated_serializer(string payload)
    {
        var read = ReadBack(Factory.GatePassed(new GateResultPayload("g", "g", true))) is var e
            ? Parse(EventLine.ToJson(e).Replace("""{"gate_id":"g","name":"g","required":true,"timed_out":false}""", payload, StringComparison.Ordinal))
            : null;

        Assert.Null(EventPayloadReader.GateResult(read!));
        Assert.Null(read!.PayloadAs(Json.GateResultPayload));
    }

    [Fact]
    public void A_field_the_reader_does_not_know_is_left_to_the_generated_serializer()
    {
        var line = EventLine.ToJson(Factory.CommandFinished(new CommandFinishedPayload("g", "g", "true", 0, false, "", "", "gates/01-g.log", 5)))
            .Replace("\"gate_id\"", """ "future":{"a":[1,{"b":null}],"c":"d"},"later":[true],"gate_id" """.Trim(), StringComparison.Ordinal);
        var read = Parse(line);

        Assert.Null(EventPayloadReader.CommandFinished(read));
        Assert.Equal(5, read.PayloadAs(Json.CommandFinishedPayload)!.DurationMs);
    }

    [Fact]
    public void An_incremental_run_is_written_and_read_by_the_generated_serializer()
    {
        var affected = new RunStartedPayload("proof", "/repo", "")
        {
            Affected = new AffectedSelectionPayload("main", 1, [new AffectedProjectPayload("src/A/A.csproj", true, "changed: src/A/a.cs")], []),
        };

        Assert.Null(EventPayloadWriter.Write(affected));
        var read = ReadBack(Factory.RunStarted(affected));
        Assert.Null(EventPayloadReader.RunStarted(read));
        Assert.Equal("src/A/A.csproj", read.PayloadAs(Json.RunStartedPayload)!.Affected!.Projects[0].Project);
    }

    // A field added to a payload record must be added to the writer and the reader (or left to the generated serializer
    // here): every property of a handled type is written by some sample above.
    [Fact]
    public void Every_field_of_a_handled_payload_is_written_by_a_sample()
    {
        string[] leftToSerializer = ["RunStartedPayload.merge", "RunStartedPayload.budget_usd", "RunStartedPayload.affected"];
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in Payloads())
        {
            JsonFieldNames.Collect(row[1].GetType(), JsonDocument.Parse((byte[])row[2]).RootElement, "Omk.Events.Payloads", written);
        }

        Type[] types =
        [
            typeof(RunStartedPayload), typeof(FileChangedPayload), typeof(CommandStartedPayload), typeof(CommandFinishedPayload), typeof(GateResultPayload),
            typeof(RetryScheduledPayload), typeof(MessagePayload), typeof(RunFailedPayload), typeof(ProofWrittenPayload), typeof(GateSelectionPayload),
            typeof(ShardPayload), typeof(DirtyPatchPayload), typeof(GateSourcePayload), typeof(TestCounts), typeof(FailedTest), typeof(Finding),
            typeof(FindingTotals), typeof(GateReuseSource),
        ];
        var missing = JsonFieldNames.Declared(types).Where(name => !written.Contains(name) && !leftToSerializer.Contains(name)).ToList();
        Assert.Empty(missing);
    }

    private static Event FactoryEvent(object payload) => payload switch
    {
        RunStartedPayload p => Factory.RunStarted(p, "omk"),
        FileChangedPayload p => Factory.FileChanged(p, "git"),
        CommandStartedPayload p => Factory.CommandStarted(p, "gate-runner"),
        CommandFinishedPayload p => Factory.CommandFinished(p, "gate-runner"),
        GateResultPayload p => Factory.GatePassed(p, "gate-runner"),
        RetryScheduledPayload p => Factory.RetryScheduled(p),
        MessagePayload p => Factory.Message(EventKind.RunCompleted, p.Message, "omk"),
        RunFailedPayload p => Factory.RunFailed(p.Reason, "omk"),
        ProofWrittenPayload p => Factory.ProofWritten(p, "omk"),
        _ => throw new ArgumentException(payload.GetType().Name),
    };

    private static object? Generated(Event read, object payload) => payload switch
    {
        RunStartedPayload => read.PayloadAs(Json.RunStartedPayload),
        CommandStartedPayload => read.PayloadAs(Json.CommandStartedPayload),
        CommandFinishedPayload => read.PayloadAs(Json.CommandFinishedPayload),
        _ => read.PayloadAs(Json.GateResultPayload),
    };

    private static Event ReadBack(Event e) => Parse(EventLine.ToJson(e));

    private static Event Parse(string line) =>
        EventLine.TryParse(Encoding.UTF8.GetBytes(line.TrimEnd('\n')), out var back) == LineStatus.Event ? back! : throw new InvalidOperationException(line);
}
