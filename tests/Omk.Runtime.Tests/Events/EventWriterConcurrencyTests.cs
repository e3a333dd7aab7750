using System.Text.Json;
using Omk.Events;
using Omk.Tests.Support;
using Omk.Testing;

namespace Omk.Tests.Events;

public sealed class EventWriterConcurrencyTests
{
    private const int Producers = 32;
    private const int EventsPerProducer = 10_000;

    [Fact]
    public async Task Thirty_two_producers_write_whole_unique_ordered_lines()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        var factory = new EventFactory(new RunId("run-20250102-030405-678"), TimeProvider.System);

        await using (var writer = EventWriter.Open(path))
        {
            // Half the producers are threads calling the synchronous Append, half are async loops on the thread pool
            // awaiting AppendAsync; all start together.
            using var start = new CountdownEvent(1);
            var threads = Enumerable.Range(0, Producers / 2).Select(p => new Thread(() =>
            {
                start.Wait();
                for (var seq = 0; seq < EventsPerProducer; seq++)
                {
                    writer.Append(Create(factory, p, seq));
                }
            })).ToList();
            var tasks = Enumerable.Range(Producers / 2, Producers / 2).Select(p => Task.Run(async () =>
            {
                start.Wait();
                for (var seq = 0; seq < EventsPerProducer; seq++)
                {
                    await writer.AppendAsync(Create(factory, p, seq));
                }
            })).ToList();

            threads.ForEach(t => t.Start());
            start.Signal();
            threads.ForEach(t => t.Join());
            await Task.WhenAll(tasks);
            Assert.Equal(Producers * EventsPerProducer, writer.Appended);
        }

        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal((byte)'\n', bytes[^1]);

        var ids = new HashSet<Guid>();
        var nextSeq = new int[Producers];
        var lines = 0;
        var rest = bytes.AsSpan();
        while (!rest.IsEmpty)
        {
            var newline = rest.IndexOf((byte)'\n');
            var line = rest[..newline];
            rest = rest[(newline + 1)..];
            lines++;

            // One complete JSON object per line, nothing before or after it.
            Assert.Equal((byte)'{', line[0]);
            Assert.Equal((byte)'}', line[^1]);
            Assert.Equal(LineStatus.Event, EventLine.TryParse(line, out var e));
            Assert.NotNull(e);
            Assert.True(ids.Add(e.Id.Value), $"duplicate id {e.Id} on line {lines}");

            var payload = e.PayloadAs(TestJsonContext.Default.ProducerPayload);
            Assert.NotNull(payload);
            Assert.Equal("producer-" + payload.Producer, e.Actor);
            Assert.Equal(nextSeq[payload.Producer], payload.Seq);
            nextSeq[payload.Producer]++;
        }

        Assert.Equal(Producers * EventsPerProducer, lines);
        Assert.All(nextSeq, n => Assert.Equal(EventsPerProducer, n));

        var stats = new EventReadStats();
        Assert.Equal(Producers * EventsPerProducer, EventReader.Read(path, stats).Count());
        Assert.Equal(Producers * EventsPerProducer, stats.EventLines);
        Assert.Equal(0, stats.SkippedLines);
    }

    private static Event Create(EventFactory factory, int producer, int seq) =>
        factory.Create(
            EventKind.TaskOutput,
            new ProducerPayload(producer, seq, "step " + seq + " of producer " + producer),
            TestJsonContext.Default.ProducerPayload,
            actor: "producer-" + producer);

    [Fact]
    public void Every_written_line_is_a_single_json_object()
    {
        var e = new EventFactory(new RunId("run-x"), TimeProvider.System)
            .Create(EventKind.TaskOutput, new ProducerPayload(1, 2, "line\nbreak and \"quotes\""), TestJsonContext.Default.ProducerPayload);
        var json = EventLine.ToJson(e);

        Assert.EndsWith("\n", json, StringComparison.Ordinal);
        Assert.Equal(1, json.Count(c => c == '\n'));
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
    }
}
