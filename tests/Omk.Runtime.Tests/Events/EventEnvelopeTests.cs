using System.Text.Json;
using Omk.Events;
using Omk.Events.Payloads;
using Omk.Testing;

namespace Omk.Tests.Events;

public sealed class EventEnvelopeTests
{
    private static readonly Guid Id = Guid.Parse("0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e01");
    private static readonly DateTimeOffset Ts = new(2026, 5, 14, 8, 54, 16, 149, TimeSpan.Zero);
    private static readonly RunId Run = new("run-20260514-085416-149");

    /// <summary>The 38 kinds of schema version 1, in contract order (omk-formats.md §2.3).</summary>
    public static readonly string[] WireKinds =
    [
        "run_started", "run_completed", "run_failed", "worker_started", "worker_heartbeat", "worker_stalled",
        "worker_dead", "worker_recovered", "task_proposed", "task_accepted", "task_rejected", "task_graph_mutated",
        "task_claimed", "task_started", "task_output", "task_completed", "task_failed", "file_changed",
        "command_started", "command_finished", "gate_passed", "gate_failed", "retry_scheduled", "proof_written",
        "manual_interrupt", "goal_paused", "goal_resumed", "goal_budget_exhausted", "goal_budget_extended",
        "budget_checkpoint", "hook_triggered", "hook_resolved", "approval_requested", "approval_decided",
        "slice.lease.claimed", "slice.lease.released", "slice.lease.expired", "slice.lease.skipped",
    ];

    [Fact]
    public void Envelope_without_actor_or_payload_has_null_actor_and_no_payload()
    {
        var e = new Event(new EventId(Id), Run, Ts, EventKind.ManualInterrupt, null, null);

        Assert.Equal(
            """{"id":"0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e01","run_id":"run-20260514-085416-149","ts":"2026-05-14T08:54:16.149Z","schema_version":1,"kind":"manual_interrupt","actor":null}""" + "\n",
            EventLine.ToJson(e));
    }

    [Fact]
    public void Envelope_with_actor_and_payload_has_exactly_the_contract_fields_in_order()
    {
        var e = new Event(
            new EventId(Id),
            Run,
            Ts.ToOffset(TimeSpan.FromHours(2)), // written in UTC whatever the offset
            EventKind.GatePassed,
            "worker-0",
            JsonSerializer.SerializeToElement(new GateResultPayload("build", "build", Required: true, ExitCode: 0), EventJsonContext.Default.GateResultPayload));

        Assert.Equal(
            """{"id":"0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e01","run_id":"run-20260514-085416-149","ts":"2026-05-14T08:54:16.149Z","schema_version":1,"kind":"gate_passed","actor":"worker-0","payload":{"gate_id":"build","name":"build","required":true,"exit_code":0,"timed_out":false}}""" + "\n",
            EventLine.ToJson(e));
    }

    [Fact]
    public async Task Writer_writes_the_same_envelope_to_the_file()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        var factory = new EventFactory(Run, new ManualTimeProvider(Ts));
        await using (var writer = EventWriter.Open(path))
        {
            writer.Append(factory.Create(EventKind.GoalPaused));
            writer.Append(factory.Message(EventKind.TaskOutput, "hi", actor: "worker-1"));
        }

        var lines = (await File.ReadAllTextAsync(path)).Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal("", lines[2]);

        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal(["id", "run_id", "ts", "schema_version", "kind", "actor"], first.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, first.RootElement.GetProperty("actor").ValueKind);
        Assert.Equal(1, first.RootElement.GetProperty("schema_version").GetInt32());
        Assert.Equal("2026-05-14T08:54:16.149Z", first.RootElement.GetProperty("ts").GetString());
        Assert.True(Guid.TryParseExact(first.RootElement.GetProperty("id").GetString(), "D", out var id));
        Assert.Equal(4, id.Version); // a random (version 4) UUID

        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(["id", "run_id", "ts", "schema_version", "kind", "actor", "payload"], second.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("worker-1", second.RootElement.GetProperty("actor").GetString());
        Assert.Equal("""{"message":"hi"}""", second.RootElement.GetProperty("payload").GetRawText());
    }

    [Fact]
    public void There_are_exactly_the_38_contract_kinds()
    {
        Assert.Equal(38, EventKind.All.Count);
        Assert.Equal(WireKinds, EventKind.All.Select(k => k.Value));
        Assert.Equal(38, EventKind.All.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_round_trips_through_its_wire_string_and_a_line(string wire)
    {
        Assert.True(EventKind.TryParse(wire, out var kind));
        Assert.Equal(wire, kind.Value);
        Assert.Equal(wire, kind.ToString());
        Assert.Equal(kind, EventKind.Parse(wire));

        var e = new Event(new EventId(Id), Run, Ts, kind, "actor", JsonSerializer.SerializeToElement(new MessagePayload("m"), EventJsonContext.Default.MessagePayload));
        var line = EventLine.ToJson(e);
        Assert.Contains($"\"kind\":\"{wire}\"", line, StringComparison.Ordinal);
        Assert.Equal(LineStatus.Event, EventLine.TryParse(System.Text.Encoding.UTF8.GetBytes(line), out var back));
        Assert.Equal(kind, back!.Kind);
        Assert.Equal(e.Id, back.Id);
        Assert.Equal(e.RunId, back.RunId);
        Assert.Equal(e.Ts, back.Ts);
        Assert.Equal(e.Actor, back.Actor);
        Assert.Equal("m", back.PayloadString("message"));
    }

    public static TheoryData<string> Kinds() => new(WireKinds);

    [Theory]
    [InlineData("Run_Started")]
    [InlineData("run-started")]
    [InlineData("slice_lease_claimed")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_kind_strings_do_not_parse(string? wire)
    {
        Assert.False(EventKind.TryParse(wire, out var kind));
        Assert.Equal(default, kind);
    }

    [Fact]
    public void Parse_of_an_unknown_kind_names_it()
    {
        var error = Assert.Throws<ArgumentException>(() => EventKind.Parse("goal_created"));
        Assert.Contains("goal_created", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_run_id_is_run_date_time_milliseconds_in_utc()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 5, 14, 10, 54, 16, 149, TimeSpan.FromHours(2)));

        var id = RunId.Generate(clock);

        Assert.Equal("run-20260514-085416-149", id.Value);
        Assert.True(id.IsGenerated);
        Assert.Matches(@"^run-\d{8}-\d{6}-\d{3}$", id.Value);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("run-20260514-085416-150", RunId.Generate(clock).Value);

        Assert.Equal("run-20270102-030405-006", RunId.Generate(new ManualTimeProvider(new DateTimeOffset(2027, 1, 2, 3, 4, 5, 6, TimeSpan.Zero))).Value);
    }

    [Fact]
    public void Other_run_id_forms_are_opaque_but_safe_as_directory_names()
    {
        Assert.False(new RunId("executor-1a2b3c4d").IsGenerated);
        Assert.False(new RunId("goal-20260514-085416-149-ea263039").IsGenerated);
        Assert.Throws<ArgumentException>(() => new RunId(""));
        Assert.Throws<ArgumentException>(() => new RunId("../escape"));
        Assert.Throws<ArgumentException>(() => new RunId(".."));
    }

    [Fact]
    public void Factory_stamps_run_id_clock_time_and_a_fresh_id()
    {
        var clock = new ManualTimeProvider(Ts);
        var factory = new EventFactory(Run, clock);

        var a = factory.Create(EventKind.GoalResumed);
        clock.Advance(TimeSpan.FromSeconds(1));
        var b = factory.WorkerStarted(new WorkerStartedPayload("worker-3", "executor"));

        Assert.Equal(Run, a.RunId);
        Assert.Equal(Ts, a.Ts);
        Assert.Equal(Ts.AddSeconds(1), b.Ts);
        Assert.NotEqual(a.Id, b.Id);
        Assert.Null(a.Actor);
        Assert.Null(a.Payload);
        Assert.Equal("worker-3", b.Actor);
        Assert.Equal(EventSchema.Version, b.SchemaVersion);
        Assert.Equal(new WorkerStartedPayload("worker-3", "executor"), b.PayloadAs(EventJsonContext.Default.WorkerStartedPayload));
    }
}
