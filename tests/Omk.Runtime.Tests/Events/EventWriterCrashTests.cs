using System.Diagnostics;
using System.Globalization;
using Omk.Events;
using Omk.Tests.Support;
using Omk.Testing;
using Xunit.Abstractions;

namespace Omk.Tests.Events;

/// <summary>A writer process killed with SIGKILL mid-stream, and the writer that opens the log after it.</summary>
public sealed class EventWriterCrashTests(ITestOutputHelper output)
{
    private const int Producers = 6;
    private const int LinesBeforeKill = 20_000;

    [Fact]
    public async Task Log_of_a_writer_killed_with_sigkill_reads_back_and_accepts_new_events()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);

        // Synchronous waits on purpose: the kill must follow the line count promptly even when other tests keep
        // the thread pool busy, or the child writes for seconds more (gigabytes, at full speed).
        using (var host = TestHostProcess.Start("append-forever", path, Producers.ToString(CultureInfo.InvariantCulture)))
        {
            try
            {
                var ready = host.StandardOutput.ReadLine();
                if (ready != "ready")
                {
                    host.Kill();
                    Assert.Fail($"Omk.TestHost did not start: {ready} {host.StandardError.ReadToEnd()}");
                }

                WaitForLines(path, LinesBeforeKill, host, TimeSpan.FromSeconds(60));
                Assert.False(host.HasExited, "the writer must still be writing when it is killed");
            }
            finally
            {
                host.Kill(); // SIGKILL on Unix: no finally blocks, no flush, no dispose in the child
                host.WaitForExit();
            }
        }

        var before = await File.ReadAllBytesAsync(path);
        var (completeLines, producers, tail) = CheckCompleteLines(before);
        Assert.True(completeLines >= LinesBeforeKill, $"only {completeLines} lines were written");
        Assert.Equal(Producers, producers);

        // The kill may land between the closing '}' and its '\n': then the tail is a whole event, not a torn line.
        var tailIsEvent = tail.Length > 0 && EventLine.TryParse(tail, out _) == LineStatus.Event;
        var tornLines = tail.Length > 0 && !tailIsEvent ? 1 : 0;
        output.WriteLine($"killed after {completeLines} complete lines; unterminated tail: {tail.Length} bytes (whole event: {tailIsEvent})");

        var stats = new EventReadStats();
        var events = EventReader.Read(path, stats).ToList();
        Assert.Equal(completeLines + (tailIsEvent ? 1 : 0), stats.EventLines);
        Assert.Equal(tornLines, stats.TornLines);
        Assert.Equal(0, stats.MalformedLines);
        Assert.Equal(0, stats.UnknownKindLines + stats.UnsupportedSchemaLines);

        // A new writer closes the torn line (if any) and appends after it, never onto it.
        var factory = new EventFactory(new RunId("run-after-crash"), TimeProvider.System);
        await using (var writer = EventWriter.Open(path))
        {
            await writer.AppendAsync(factory.Message(EventKind.RunCompleted, "recovered after SIGKILL", actor: "test"));
        }

        var after = await File.ReadAllBytesAsync(path);
        Assert.True(after.AsSpan().StartsWith(before), "the new writer must not change what was already written");

        var statsAfter = new EventReadStats();
        var eventsAfter = EventReader.Read(path, statsAfter).ToList();
        Assert.Equal(events.Count + 1, eventsAfter.Count);
        Assert.Equal(0, statsAfter.TornLines);
        Assert.Equal(tornLines, statsAfter.MalformedLines); // the torn line is kept, closed by a newline
        Assert.Equal(EventKind.RunCompleted, eventsAfter[^1].Kind);
        Assert.Equal("recovered after SIGKILL", eventsAfter[^1].PayloadString("message"));
    }

    [Fact]
    public async Task New_writer_closes_a_torn_line_and_keeps_it()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        var factory = new EventFactory(new RunId("run-torn"), TimeProvider.System);
        var whole = EventLine.ToJson(factory.Message(EventKind.TaskOutput, "whole"));
        var torn = EventLine.ToJson(factory.Message(EventKind.TaskOutput, "cut short"))[..40];
        await File.WriteAllTextAsync(path, whole + torn);

        var stats = new EventReadStats();
        Assert.Single(EventReader.Read(path, stats));
        Assert.Equal(1, stats.TornLines);

        await using (var writer = EventWriter.Open(path))
        {
            writer.Append(factory.Message(EventKind.TaskOutput, "next"));
        }

        var text = await File.ReadAllTextAsync(path);
        Assert.StartsWith(whole + torn + "\n", text, StringComparison.Ordinal);

        var statsAfter = new EventReadStats();
        var events = EventReader.Read(path, statsAfter).ToList();
        Assert.Equal(["whole", "next"], events.Select(e => e.PayloadString("message")));
        Assert.Equal(1, statsAfter.MalformedLines);
        Assert.Equal(0, statsAfter.TornLines);
    }

    [Fact]
    public async Task New_writer_on_a_cleanly_ended_log_adds_no_blank_line()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        var factory = new EventFactory(new RunId("run-clean"), TimeProvider.System);

        await using (var first = EventWriter.Open(path))
        {
            first.Append(factory.Message(EventKind.TaskOutput, "one"));
        }

        await using (var second = EventWriter.Open(path))
        {
            second.Append(factory.Message(EventKind.TaskOutput, "two"));
        }

        var stats = new EventReadStats();
        Assert.Equal(["one", "two"], EventReader.Read(path, stats).Select(e => e.PayloadString("message")));
        Assert.Equal(0, stats.SkippedLines);
    }

    private static void WaitForLines(string path, int lines, Process host, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (CountNewlines(path) < lines)
        {
            if (host.HasExited)
            {
                Assert.Fail($"Omk.TestHost exited with {host.ExitCode}: {host.StandardError.ReadToEnd()}");
            }

            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"the log did not reach {lines} lines within {timeout}");
            }

            Thread.Sleep(5);
        }
    }

    private static long CountNewlines(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[64 * 1024];
        long count = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            count += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        return count;
    }

    /// <summary>Checks every '\n'-terminated line; returns their count, the number of producers seen and the unterminated tail.</summary>
    private static (int Lines, int Producers, byte[] Tail) CheckCompleteLines(byte[] bytes)
    {
        var lines = 0;
        var nextSeq = new Dictionary<string, long>(StringComparer.Ordinal);
        var start = 0;
        int newline;
        while ((newline = Array.IndexOf(bytes, (byte)'\n', start)) >= 0)
        {
            var line = bytes.AsSpan(start, newline - start);
            start = newline + 1;
            lines++;
            Assert.Equal(LineStatus.Event, EventLine.TryParse(line, out var e));

            // Each producer's events are a gap-free, ordered prefix of its sequence.
            var producer = e!.PayloadString("task_id")!;
            var seq = long.Parse(e.PayloadString("output_summary")!, CultureInfo.InvariantCulture);
            Assert.Equal(nextSeq.GetValueOrDefault(producer), seq);
            nextSeq[producer] = seq + 1;
        }

        return (lines, nextSeq.Count, bytes[start..]);
    }
}
