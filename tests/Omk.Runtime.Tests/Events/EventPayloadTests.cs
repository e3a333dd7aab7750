using System.Text;
using System.Text.Json;
using Omk.Events;
using Omk.Events.Payloads;
using Omk.Testing;

namespace Omk.Tests.Events;

/// <summary>Payloads of events read from a log: validated while reading, parsed on first use, equal by content.</summary>
public sealed class EventPayloadTests
{
    private static readonly EventFactory Factory =
        new(new RunId("run-20260514-085416-149"), new ManualTimeProvider(new DateTimeOffset(2026, 5, 14, 8, 54, 16, 149, TimeSpan.Zero)));

    private static Event ReadBack(Event e) =>
        EventLine.TryParse(Encoding.UTF8.GetBytes(EventLine.ToJson(e)), out var back) == LineStatus.Event ? back! : throw new InvalidOperationException();

    [Fact]
    public void An_event_read_back_equals_the_event_written()
    {
        var gate = Factory.GatePassed(new GateResultPayload("test", "test", true, "dotnet test", 0, false, "Passed: 3 <ok> & \"done\" +1", Tags: ["tests"]), "worker-0");
        var bare = Factory.ManualInterrupt();

        Assert.Equal(gate, ReadBack(gate));
        Assert.Equal(ReadBack(gate), gate);
        Assert.Equal(bare, ReadBack(bare));
        Assert.Equal(ReadBack(gate), ReadBack(gate));
        Assert.Equal(gate.GetHashCode(), ReadBack(gate).GetHashCode());
        Assert.NotEqual(gate, ReadBack(gate) with { Payload = null });
        Assert.NotEqual(gate, gate with { Actor = "worker-1" });
    }

    [Fact]
    public void Payload_of_a_read_event_parses_on_demand_and_typed_reads_work_before_and_after()
    {
        var written = Factory.GatePassed(new GateResultPayload("build", "build", true, ExitCode: 0, DurationMs: 1234, Tags: ["a", "b"]));
        var read = ReadBack(written);

        // Typed read straight from the line's text, then through the parsed document.
        var typed = read.PayloadAs(EventJsonContext.Default.GateResultPayload);
        Assert.Equal("build", typed!.GateId);
        Assert.Equal(1234, typed.DurationMs);
        Assert.Equal("build", read.PayloadString("name"));
        Assert.Equal(JsonValueKind.Object, read.Payload!.Value.ValueKind);
        Assert.Equal(["a", "b"], read.PayloadAs(EventJsonContext.Default.GateResultPayload)!.Tags!);
        Assert.Null(read.PayloadAs(EventJsonContext.Default.WorkerHeartbeatPayload)?.WorkerId);
    }

    [Fact]
    public void Payloads_that_are_not_objects_are_kept_and_typed_reads_give_default()
    {
        var line = """{"id":"0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e01","run_id":"run-x","ts":"2026-05-14T08:54:16Z","schema_version":1,"kind":"task_output","actor":null,"payload":"just text"}"""u8;

        Assert.Equal(LineStatus.Event, EventLine.TryParse(line, out var e));
        Assert.Null(e!.PayloadAs(EventJsonContext.Default.MessagePayload));
        Assert.Equal("just text", e.Payload!.Value.GetString());
        Assert.Null(e.PayloadString("message"));
    }

    [Fact]
    public void Explicit_null_payload_reads_as_no_payload()
    {
        var line = """{"id":"0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e01","run_id":"run-x","ts":"2026-05-14T08:54:16Z","schema_version":1,"kind":"goal_paused","actor":"omk-cli","payload":null}"""u8;

        Assert.Equal(LineStatus.Event, EventLine.TryParse(line, out var e));
        Assert.Null(e!.Payload);
        Assert.DoesNotContain("payload", EventLine.ToJson(e), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"message":"unclosed}""")]
    [InlineData("""{"message":tru}""")]
    [InlineData("""[1,2,""")]
    [InlineData("""{"a":1}}""")]
    public void Invalid_payload_json_makes_the_line_malformed(string payload)
    {
        var line = """{"id":"0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e01","run_id":"run-x","ts":"2026-05-14T08:54:16Z","schema_version":1,"kind":"task_output","actor":null,"payload":""" + payload + "}";

        Assert.Equal(LineStatus.Malformed, EventLine.TryParse(Encoding.UTF8.GetBytes(line), out var e));
        Assert.Null(e);
    }

    [Fact]
    public void A_read_event_written_again_without_redaction_is_the_same_line()
    {
        var line = """{"id":"0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e01","run_id":"run-x","ts":"2026-05-14T08:54:16.149Z","schema_version":1,"kind":"task_output","actor":"worker-0","payload":{"message":"k\u00e9y \"quoted\"","nested":{"list":[1,2.5,true,null]}}}""";

        Assert.Equal(LineStatus.Event, EventLine.TryParse(Encoding.UTF8.GetBytes(line), out var e));
        Assert.Equal(line + "\n", EventLine.ToJson(e!));

        // Once parsed, the payload is written from the document: same JSON, possibly escaped differently.
        Assert.Equal("kéy \"quoted\"", e!.PayloadString("message"));
        Assert.Equal(LineStatus.Event, EventLine.TryParse(Encoding.UTF8.GetBytes(EventLine.ToJson(e)), out var again));
        Assert.Equal("kéy \"quoted\"", again!.PayloadString("message"));
        Assert.Equal(4, again.Payload!.Value.GetProperty("nested").GetProperty("list").GetArrayLength());
    }

    [Fact]
    public void Payload_is_parsed_once_even_when_threads_race_for_it()
    {
        var read = ReadBack(Factory.Message(EventKind.TaskOutput, "shared"));

        var texts = Enumerable.Range(0, 16).AsParallel().Select(_ => read.Payload!.Value.GetRawText()).ToList();

        Assert.All(texts, t => Assert.Equal("""{"message":"shared"}""", t));
        Assert.Equal(read.Payload!.Value.GetRawText(), read.Payload!.Value.GetRawText());
    }

    [Fact]
    public void Kinds_parse_from_utf8_and_from_escaped_strings()
    {
        var escaped = """{"id":"0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e01","run_id":"run-\u0078","ts":"2026-05-14T08:54:16Z","schema_version":1,"kind":"gate\u005fpassed","actor":"w\u0030"}"""u8;

        Assert.Equal(LineStatus.Event, EventLine.TryParse(escaped, out var e));
        Assert.Equal(EventKind.GatePassed, e!.Kind);
        Assert.Equal("run-x", e.RunId.Value);
        Assert.Equal("w0", e.Actor);
    }

    [Fact]
    public void Reader_reuses_nothing_wrong_across_lines_with_different_run_ids_and_actors()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        var lines = new StringBuilder();
        for (var i = 0; i < 100; i++)
        {
            var factory = new EventFactory(new RunId("run-" + (i % 3)), TimeProvider.System);
            lines.Append(EventLine.ToJson(factory.Message(EventKind.TaskOutput, "m" + i, actor: i % 5 == 0 ? null : "worker-" + (i % 40))));
        }

        File.WriteAllText(path, lines.ToString());

        var events = EventReader.Read(path).ToList();
        Assert.Equal(100, events.Count);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal("run-" + (i % 3), events[i].RunId.Value);
            Assert.Equal(i % 5 == 0 ? null : "worker-" + (i % 40), events[i].Actor);
            Assert.Equal("m" + i, events[i].PayloadString("message"));
        }
    }

    [Theory]
    [InlineData("""{"id":"0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e01","run_id":"a/b","ts":"2026-05-14T08:54:16Z","schema_version":1,"kind":"task_output","actor":null}""")]
    [InlineData("""{"id":"0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e01","run_id":"  ","ts":"2026-05-14T08:54:16Z","schema_version":1,"kind":"task_output","actor":null}""")]
    [InlineData("""{"id":"not-a-guid","run_id":"run-x","ts":"2026-05-14T08:54:16Z","schema_version":1,"kind":"task_output","actor":null}""")]
    [InlineData("""{"id":"0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e01","run_id":"run-x","ts":"yesterday","schema_version":1,"kind":"task_output","actor":null}""")]
    [InlineData("""{"id":"0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e01","run_id":"run-x","ts":"2026-05-14T08:54:16Z","schema_version":1,"kind":7,"actor":null}""")]
    [InlineData("""{"id":"0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e01","run_id":"run-x","ts":"2026-05-14T08:54:16Z","schema_version":1,"kind":"task_output","actor":["w"]}""")]
    [InlineData("""{"id":"0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e01","run_id":"run-x","ts":"2026-05-14T08:54:16Z","schema_version":"1","kind":"task_output","actor":null}""")]
    [InlineData("""{"id":"0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e01","run_id":"run-x","ts":"2026-05-14T08:54:16Z","schema_version":1,"actor":null}""")]
    public void Envelopes_with_bad_v1_fields_are_malformed(string line)
    {
        Assert.Equal(LineStatus.Malformed, EventLine.TryParse(Encoding.UTF8.GetBytes(line), out _));
    }

    [Theory]
    [InlineData("""{"id":"0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e01","run_id":"run-x","ts":"2026-05-14T08:54:16Z","schema_version":0,"kind":"task_output","actor":null}""")]
    [InlineData("""{"schema_version":3,"event":{"kind":"task_output"}}""")]
    [InlineData("""{"id":42,"ts":{"unix":1},"schema_version":2}""")]
    public void Envelopes_of_other_schema_versions_are_unsupported_whatever_their_fields(string line)
    {
        Assert.Equal(LineStatus.UnsupportedSchema, EventLine.TryParse(Encoding.UTF8.GetBytes(line), out _));
    }

    [Fact]
    public void Missing_schema_version_means_version_one_and_unknown_fields_are_ignored()
    {
        var line = """{"id":"0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e01","run_id":"run-x","ts":"2026-05-14T08:54:16Z","kind":"task_output","actor":null,"extra":{"deep":[{"x":1}]},"more":2}"""u8;

        Assert.Equal(LineStatus.Event, EventLine.TryParse(line, out var e));
        Assert.Equal(1, e!.SchemaVersion);
        Assert.Null(e.Payload);
    }
}
