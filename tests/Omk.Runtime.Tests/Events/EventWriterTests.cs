using Omk.Events;
using Omk.Testing;

namespace Omk.Tests.Events;

public sealed class EventWriterTests
{
    private static readonly EventFactory Factory =
        new(new RunId("run-20260514-085416-149"), new ManualTimeProvider(new DateTimeOffset(2026, 5, 14, 8, 54, 16, 149, TimeSpan.Zero)));

    [Fact]
    public async Task Append_after_dispose_throws_a_clear_error()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        var writer = EventWriter.Open(path);
        writer.Append(Factory.Message(EventKind.TaskOutput, "before"));
        await writer.DisposeAsync();

        var sync = Assert.Throws<ObjectDisposedException>(() => writer.Append(Factory.Message(EventKind.TaskOutput, "after")));
        Assert.Contains(path, sync.Message, StringComparison.Ordinal);
        Assert.Contains("closed", sync.Message, StringComparison.Ordinal);

        var async = await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.AppendAsync(Factory.Message(EventKind.TaskOutput, "after")).AsTask());
        Assert.Contains(path, async.Message, StringComparison.Ordinal);

        var flush = await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.FlushAsync());
        Assert.Contains(path, flush.Message, StringComparison.Ordinal);

        // Disposing twice is harmless, and what was appended before is there.
        await writer.DisposeAsync();
        Assert.Equal(["before"], EventReader.Read(path).Select(e => e.PayloadString("message")));
    }

    [Fact]
    public async Task Flush_makes_appended_events_visible_to_a_reader_while_the_writer_is_open()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        await using var writer = EventWriter.Open(path);

        for (var i = 0; i < 1000; i++)
        {
            writer.Append(Factory.Message(EventKind.TaskOutput, "flush " + i));
        }

        await writer.FlushAsync();
        var (events, stats) = EventReader.ReadAll(path);
        Assert.Equal(1000, events.Count);
        Assert.Equal("flush 999", events[^1].PayloadString("message"));
        Assert.Equal(0, stats.SkippedLines);
        Assert.Equal(1000, writer.Appended);
    }

    [Fact]
    public async Task Checkpoint_makes_appended_events_visible_to_a_reader_while_the_writer_is_open()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        await using var writer = EventWriter.Open(path);

        await writer.AppendAsync(Factory.RunStarted(new("team", "/repo", "checkpoint")));
        await writer.CheckpointAsync();
        Assert.Single(EventReader.Read(path));

        await writer.AppendAsync(Factory.RunCompleted("done"));
        await writer.CheckpointAsync();
        Assert.Equal([EventKind.RunStarted, EventKind.RunCompleted], EventReader.Read(path).Select(e => e.Kind));
    }

    [Fact]
    public async Task Dispose_writes_everything_still_queued()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);

        // A tiny queue and batch force back-pressure and many batches.
        await using (var writer = EventWriter.Open(path, new EventWriterOptions { Capacity = 4, MaxBatchBytes = 512 }))
        {
            for (var i = 0; i < 5000; i++)
            {
                await writer.AppendAsync(Factory.Message(EventKind.TaskOutput, "queued " + i));
            }
        }

        var (events, stats) = EventReader.ReadAll(path);
        Assert.Equal(5000, events.Count);
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => "queued " + i), events.Select(e => e.PayloadString("message")));
        Assert.Equal(0, stats.SkippedLines);
    }

    [Fact]
    public async Task Lines_longer_than_a_batch_are_written_whole_and_in_order()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        var long1 = new string('a', 3000);
        var long2 = new string('b', 5000);

        await using (var writer = EventWriter.Open(path, new EventWriterOptions { MaxBatchBytes = 1024 }))
        {
            writer.Append(Factory.Message(EventKind.TaskOutput, "short 1"));
            writer.Append(Factory.Message(EventKind.TaskOutput, long1));
            writer.Append(Factory.Message(EventKind.TaskOutput, "short 2"));
            writer.Append(Factory.Message(EventKind.TaskOutput, long2));
            writer.Append(Factory.Message(EventKind.TaskOutput, "short 3"));
        }

        Assert.Equal(["short 1", long1, "short 2", long2, "short 3"], EventReader.Read(path).Select(e => e.PayloadString("message")));
    }

    [Fact]
    public async Task Open_creates_the_directory_and_the_file()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, ".omk", "runs", "run-1", EventSchema.FileName);

        await using (var writer = EventWriter.Open(path))
        {
            Assert.Equal(path, writer.Path);
            Assert.True(File.Exists(path));
        }

        Assert.Equal(0, new FileInfo(path).Length);
    }

    [Fact]
    public async Task Writer_is_an_event_sink()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        await using (var writer = EventWriter.Open(path))
        {
            IEventSink sink = writer;
            await sink.AppendAsync(Factory.ManualInterrupt());
        }

        var e = Assert.Single(EventReader.Read(path));
        Assert.Equal(EventKind.ManualInterrupt, e.Kind);
        Assert.Equal("omk-cli", e.Actor);
        Assert.Null(e.Payload);
    }
}
