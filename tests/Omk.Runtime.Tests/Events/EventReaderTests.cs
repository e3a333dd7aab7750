using System.Text;
using Omk.Events;
using Omk.Testing;

namespace Omk.Tests.Events;

public sealed class EventReaderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 14, 8, 54, 16, 149, TimeSpan.Zero);

    [Fact]
    public void Missing_file_reads_as_an_empty_log()
    {
        using var dir = new TempDirectory();
        var stats = new EventReadStats();

        Assert.Empty(EventReader.Read(dir.Combine("nope.jsonl"), stats));
        Assert.Empty(EventReader.Read(Path.Combine(dir.Path, "no-such-dir", "events.jsonl")));
        Assert.Equal(0, stats.EventLines + stats.SkippedLines);

        var summary = EventReader.Summarize(dir.Combine("nope.jsonl"));
        Assert.Equal(0, summary.Events);
        Assert.Empty(summary.CountsByKind);
        Assert.Null(summary.FirstTs);
        Assert.Null(summary.LastTs);
    }

    [Fact]
    public void Empty_file_reads_as_an_empty_log()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        File.WriteAllBytes(path, []);

        var (events, stats) = EventReader.ReadAll(path);
        Assert.Empty(events);
        Assert.Equal(0, stats.SkippedLines);
    }

    [Fact]
    public void Log_path_prefers_events_jsonl_then_the_legacy_name()
    {
        using var dir = new TempDirectory();
        Assert.Equal(dir.Combine(EventSchema.FileName), EventReader.LogPathIn(dir.Path));

        File.WriteAllText(dir.Combine(EventSchema.LegacyFileName), "");
        Assert.Equal(dir.Combine(EventSchema.LegacyFileName), EventReader.LogPathIn(dir.Path));

        File.WriteAllText(dir.Combine(EventSchema.FileName), "");
        Assert.Equal(dir.Combine(EventSchema.FileName), EventReader.LogPathIn(dir.Path));
    }

    [Fact]
    public async Task Summary_counts_by_kind_with_first_and_last_timestamps()
    {
        using var dir = new TempDirectory();
        var path = await WriteSampleLogAsync(dir);

        var summary = EventReader.Summarize(path);

        Assert.Equal(6, summary.Events);
        Assert.Equal(
            new Dictionary<string, long>
            {
                ["gate_failed"] = 1,
                ["gate_passed"] = 2,
                ["run_completed"] = 1,
                ["run_started"] = 1,
                ["task_output"] = 1,
            },
            summary.CountsByKind);
        Assert.Equal(T0, summary.FirstTs);
        Assert.Equal(T0.AddSeconds(50), summary.LastTs);
        Assert.Equal(6, summary.Stats.EventLines);
        Assert.Equal(0, summary.Stats.SkippedLines);
    }

    [Fact]
    public async Task Filters_by_kind_actor_and_inclusive_time_range()
    {
        using var dir = new TempDirectory();
        var path = await WriteSampleLogAsync(dir);

        Assert.Equal(6, EventReader.Read(path, filter: EventFilter.All).Count());

        var gates = EventReader.Read(path, filter: new EventFilter { Kinds = new HashSet<EventKind> { EventKind.GatePassed, EventKind.GateFailed } }).ToList();
        Assert.Equal(["build", "test", "format"], gates.Select(e => e.PayloadString("name")));

        var byWorker = EventReader.Read(path, filter: new EventFilter { Actor = "worker-1" }).ToList();
        Assert.Equal([EventKind.TaskOutput, EventKind.GatePassed], byWorker.Select(e => e.Kind));

        // From and To are inclusive.
        var window = EventReader.Read(path, filter: new EventFilter { From = T0.AddSeconds(10), To = T0.AddSeconds(30) }).ToList();
        Assert.Equal([T0.AddSeconds(10), T0.AddSeconds(20), T0.AddSeconds(30)], window.Select(e => e.Ts));

        var combined = new EventFilter { Kinds = new HashSet<EventKind> { EventKind.GatePassed }, Actor = "worker-1", From = T0.AddSeconds(25) };
        var stats = new EventReadStats();
        var only = Assert.Single(EventReader.Read(path, stats, combined));
        Assert.Equal("test", only.PayloadString("name"));
        Assert.Equal(6, stats.EventLines); // stats count lines before the filter

        var filteredSummary = EventReader.Summarize(path, new EventFilter { Kinds = new HashSet<EventKind> { EventKind.GatePassed } });
        Assert.Equal(2, filteredSummary.Events);
        Assert.Equal(T0.AddSeconds(20), filteredSummary.FirstTs);
        Assert.Equal(T0.AddSeconds(30), filteredSummary.LastTs);
    }

    [Fact]
    public void Filter_compares_instants_not_offsets()
    {
        var e = new Event(EventId.New(), new RunId("run-x"), T0, EventKind.TaskOutput, null, null);
        var sameInstantElsewhere = T0.ToOffset(TimeSpan.FromHours(3));

        Assert.True(new EventFilter { From = sameInstantElsewhere, To = sameInstantElsewhere }.Matches(e));
        Assert.False(new EventFilter { From = sameInstantElsewhere.AddTicks(1) }.Matches(e));
        Assert.False(new EventFilter { Actor = "someone" }.Matches(e));
        Assert.True(new EventFilter { Kinds = new HashSet<EventKind>() }.Matches(e));
    }

    [Fact]
    public void Streams_a_log_larger_than_the_read_chunk_with_a_one_megabyte_line()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        var factory = new EventFactory(new RunId("run-big"), new ManualTimeProvider(T0));
        var big = new string('x', 1024 * 1024);

        using (var file = new StreamWriter(path, append: false, new UTF8Encoding(false)))
        {
            for (var i = 0; i < 100_000; i++)
            {
                file.Write(EventLine.ToJson(factory.Message(EventKind.TaskOutput, "small " + i)));
                if (i == 50_000)
                {
                    file.Write(EventLine.ToJson(factory.Message(EventKind.TaskOutput, big), redactor: null));
                }
            }
        }

        Assert.True(new FileInfo(path).Length > 10 * 1024 * 1024);

        var stats = new EventReadStats();
        long count = 0;
        var sawBig = false;
        foreach (var e in EventReader.Read(path, stats))
        {
            var message = e.PayloadString("message")!;
            if (message.Length == big.Length)
            {
                Assert.Equal(big, message);
                Assert.Equal(50_001, count);
                sawBig = true;
            }
            else
            {
                Assert.Equal("small " + (count > 50_001 ? count - 1 : count), message);
            }

            count++;
        }

        Assert.True(sawBig);
        Assert.Equal(100_001, count);
        Assert.Equal(100_001, stats.EventLines);
        Assert.Equal(0, stats.SkippedLines);

        // Streaming: the first event comes without reading the rest.
        Assert.Equal("small 0", EventReader.Read(path).First().PayloadString("message"));
    }

    [Fact]
    public void Reads_lines_that_straddle_chunk_boundaries_in_a_large_file()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        var factory = new EventFactory(new RunId("run-sizes"), new ManualTimeProvider(T0));
        var expected = new List<string>();
        using (var file = new StreamWriter(path, append: false, new UTF8Encoding(false)))
        {
            // Messages of varying length so line ends fall at every offset of the 128 KiB chunk.
            for (var i = 0; i < 5_000; i++)
            {
                var message = i + ":" + new string((char)('a' + (i % 26)), (i * 37) % 700);
                expected.Add(message);
                file.Write(EventLine.ToJson(factory.Message(EventKind.TaskOutput, message)));
            }
        }

        Assert.Equal(expected, EventReader.Read(path).Select(e => e.PayloadString("message")));
    }

    private static async Task<string> WriteSampleLogAsync(TempDirectory dir)
    {
        var path = dir.Combine(EventSchema.FileName);
        var clock = new ManualTimeProvider(T0);
        var factory = new EventFactory(new RunId("run-20260514-085416-149"), clock);
        await using var writer = EventWriter.Open(path);

        await writer.AppendAsync(factory.RunStarted(new("team", "/repo", "sample")));                                    // T0
        clock.Advance(TimeSpan.FromSeconds(10));
        await writer.AppendAsync(factory.TaskOutput(new(Message: "compiling", WorkerId: "worker-1")));                   // T0+10
        clock.Advance(TimeSpan.FromSeconds(10));
        await writer.AppendAsync(factory.GatePassed(new("build", "build", Required: true), actor: "worker-0"));          // T0+20
        clock.Advance(TimeSpan.FromSeconds(10));
        await writer.AppendAsync(factory.GatePassed(new("test", "test", Required: true), actor: "worker-1"));            // T0+30
        clock.Advance(TimeSpan.FromSeconds(10));
        await writer.AppendAsync(factory.GateFailed(new("format", "format", Required: false, ExitCode: 1)));             // T0+40
        clock.Advance(TimeSpan.FromSeconds(10));
        await writer.AppendAsync(factory.RunCompleted("done"));                                                          // T0+50
        return path;
    }
}
