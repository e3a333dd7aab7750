using System.Globalization;
using Omk.Events;
using Omk.Events.Payloads;

// Usage:
//   Omk.TestHost append-forever <log path> <producers> [max seconds]
//     Appends task_output events from <producers> threads until killed (or until max seconds, default 120,
//     so a test that forgets to kill it does not fill the disk). Each payload carries the producer in
//     task_id ("producer-<p>") and its sequence number in output_summary. Prints "ready" once writing.
if (args.Length >= 3 && args[0] == "append-forever")
{
    var path = args[1];
    var producers = int.Parse(args[2], CultureInfo.InvariantCulture);
    var maxSeconds = args.Length >= 4 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 120;
    return await AppendForever.RunAsync(path, producers, TimeSpan.FromSeconds(maxSeconds));
}

await Console.Error.WriteLineAsync("usage: Omk.TestHost append-forever <log path> <producers> [max seconds]");
return 2;

internal static class AppendForever
{
    public static async Task<int> RunAsync(string path, int producers, TimeSpan maxDuration)
    {
        var factory = new EventFactory(new RunId("run-testhost"), TimeProvider.System);
        await using var writer = EventWriter.Open(path);
        using var stop = new CancellationTokenSource(maxDuration);
        var threads = new Thread[producers];
        for (var p = 0; p < producers; p++)
        {
            var producer = p;
            threads[p] = new Thread(() =>
            {
                var task = "producer-" + producer.ToString(CultureInfo.InvariantCulture);
                for (long seq = 0; !stop.IsCancellationRequested; seq++)
                {
                    writer.Append(factory.TaskOutput(new TaskOutputPayload(
                        Message: "working on step " + seq.ToString(CultureInfo.InvariantCulture) + " of a long task",
                        TaskId: task,
                        WorkerId: "worker-" + producer.ToString(CultureInfo.InvariantCulture),
                        OutputSummary: seq.ToString(CultureInfo.InvariantCulture))));
                }
            })
            { IsBackground = true, Name = "producer-" + producer.ToString(CultureInfo.InvariantCulture) };
            threads[p].Start();
        }

        Console.WriteLine("ready");
        Console.Out.Flush();
        foreach (var thread in threads)
        {
            thread.Join();
        }

        return 0;
    }
}
