using Omk.Events;

namespace Omk.Tests.Events;

/// <summary>
/// Reads <c>Fixtures/mixed-lines.jsonl</c>: 18 lines of every shape a real log can contain. The file is committed
/// with CRLFs kept (see Fixtures/.gitattributes) and ends with a torn line (no newline, cut mid-JSON).
/// </summary>
public sealed class EventReaderFixtureTests
{
    private static readonly string FixturePath = Path.Combine(AppContext.BaseDirectory, "Events", "Fixtures", "mixed-lines.jsonl");

    [Fact]
    public void Fixture_keeps_its_crlf_line_endings_and_torn_tail()
    {
        var bytes = File.ReadAllBytes(FixturePath);

        Assert.Equal(4, CountOf(bytes, "\r\n"u8));
        Assert.Equal(17, bytes.Count(b => b == (byte)'\n'));
        Assert.NotEqual((byte)'\n', bytes[^1]);
    }

    [Fact]
    public void Counts_every_kind_of_line_exactly_and_never_throws()
    {
        var stats = new EventReadStats();
        var events = EventReader.Read(FixturePath, stats).ToList();

        Assert.Equal(4, stats.EventLines);
        Assert.Equal(3, stats.BlankLines);
        Assert.Equal(7, stats.MalformedLines);
        Assert.Equal(1, stats.TornLines);
        Assert.Equal(1, stats.UnknownKindLines);
        Assert.Equal(2, stats.UnsupportedSchemaLines);
        Assert.Equal(14, stats.SkippedLines);
        Assert.Equal(10, stats.DamagedLines);

        Assert.Equal(
            [EventKind.RunStarted, EventKind.WorkerStarted, EventKind.TaskOutput, EventKind.SliceLeaseClaimed],
            events.Select(e => e.Kind));
        Assert.Equal(
            ["0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e01", "0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e02", "0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e03", "0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e0a"],
            events.Select(e => e.Id.ToString()));
    }

    [Fact]
    public void Lines_with_crlf_and_surrounding_whitespace_keep_their_content()
    {
        var events = EventReader.ReadAll(FixturePath).Events;

        var started = events[0];
        Assert.Equal("run-20250102-030405-678", started.RunId.Value);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), started.Ts);
        Assert.Equal("omk-cli", started.Actor);
        Assert.Equal("reader fixture", started.PayloadString("description"));

        Assert.Equal("worker-0", events[1].Actor);
        Assert.Equal("executor", events[1].PayloadString("role"));

        Assert.Null(events[2].Actor);
        Assert.Equal("hello", events[2].PayloadString("message"));

        Assert.Equal("scheduler", events[3].Actor);
        Assert.Null(events[3].Payload);
    }

    [Fact]
    public void Summary_of_the_fixture_reports_what_was_skipped()
    {
        var summary = EventReader.Summarize(FixturePath);

        Assert.Equal(4, summary.Events);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), summary.FirstTs);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 9, TimeSpan.Zero), summary.LastTs);
        Assert.Equal(7, summary.Stats.MalformedLines);
        Assert.Equal(1, summary.Stats.TornLines);
    }

    private static int CountOf(byte[] haystack, ReadOnlySpan<byte> needle)
    {
        var count = 0;
        var rest = haystack.AsSpan();
        int at;
        while ((at = rest.IndexOf(needle)) >= 0)
        {
            count++;
            rest = rest[(at + needle.Length)..];
        }

        return count;
    }
}
