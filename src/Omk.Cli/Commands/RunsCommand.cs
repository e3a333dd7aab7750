using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Omk.Events;
using Omk.Runs;

namespace Omk.Cli.Commands;

/// <summary><c>omk runs list</c> and <c>omk runs show &lt;id|latest&gt;</c>: what runs exist and what happened in one.</summary>
public static class RunsCommand
{
    public static Command Create()
    {
        var command = new Command("runs", "List runs, show a run's timeline, print a gate's log.");
        command.Add(List());
        command.Add(Show());
        command.Add(RunsLogCommand.Create());
        return command;
    }

    public static string NoSuchRun(string id, RunStore store) =>
        string.Equals(id, "latest", StringComparison.OrdinalIgnoreCase)
            ? $"There are no runs under '{store.RunsDirectory}' yet; run 'omk proof' first."
            : $"There is no run '{id}' under '{store.RunsDirectory}'; 'omk runs list' shows the runs.";

    private static Command List()
    {
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var json = CommonOptions.Json("Print the runs as JSON.");
        var command = new Command("list", "List runs, oldest first.") { repo, stateDir, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await RepoLocation.StoreAsync(parse.GetValue(repo), parse.GetValue(stateDir), cancellationToken);
            var runs = store.List();
            if (parse.GetValue(json))
            {
                using var writer = new Utf8JsonWriter(Console.OpenStandardOutput(), Storage.JsonFileOptions.Writer(indented: true));
                writer.WriteStartArray();
                foreach (var r in runs)
                {
                    writer.WriteStartObject();
                    writer.WriteString("run_id", r.RunId);
                    writer.WriteString("path", r.Path);
                    if (r.StartedAt is { } started)
                    {
                        writer.WriteString("started_at", RunTimeline.FormatTs(started));
                    }

                    writer.WriteString("status", r.Status);
                    writer.WriteString("summary", r.Summary);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.Flush();
                Console.Out.WriteLine();
                return ExitCodes.Ready;
            }

            if (runs.Count == 0)
            {
                Console.Error.WriteLine($"omk: no runs under '{store.RunsDirectory}'.");
                return ExitCodes.Ready;
            }

            Console.Out.WriteLine($"{"RUN",-26}  {"STARTED",-24}  {"STATUS",-10}  SUMMARY");
            foreach (var r in runs)
            {
                var started = r.StartedAt is { } s ? RunTimeline.FormatTs(s) : "-";
                Console.Out.WriteLine(Storage.DisplayText.Strip($"{r.RunId,-26}  {started,-24}  {r.Status ?? "(no proof)",-10}  {r.Summary}"));
            }

            return ExitCodes.Ready;
        });
        return command;
    }

    private static Command Show()
    {
        var run = new Argument<string>("run") { Description = "A run id, or 'latest'." };
        var kind = new Option<string[]>("--kind")
        {
            Description = "Only events of this kind (repeatable), e.g. gate_failed.",
            HelpName = "KIND",
        };
        var actor = new Option<string?>("--actor") { Description = "Only events of this actor.", HelpName = "ACTOR" };
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var json = CommonOptions.Json("Print the timeline as JSON (with every event's payload).");
        var command = new Command("show", "Show a run's timeline: every recorded event, in order.") { run, kind, actor, repo, stateDir, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var kinds = new HashSet<EventKind>();
            foreach (var k in parse.GetValue(kind) ?? [])
            {
                if (!EventKind.TryParse(k, out var parsed))
                {
                    throw new UsageException($"--kind '{k}' is not an event kind; kinds are: {string.Join(", ", EventKind.All.Select(x => x.Value))}.");
                }

                kinds.Add(parsed);
            }

            var store = await RepoLocation.StoreAsync(parse.GetValue(repo), parse.GetValue(stateDir), cancellationToken);
            var id = parse.GetValue(run)!;
            var directory = store.Find(id) ?? throw new UsageException(NoSuchRun(id, store));
            var stats = new EventReadStats();
            var filter = new EventFilter { Kinds = kinds, Actor = parse.GetValue(actor) };
            var all = EventReader.Read(directory.EventsPath, stats).ToList();
            var events = all.Where(filter.Matches).ToList();
            var timeline = RunTimeline.Build(events);
            var findings = RunFindings.Of(directory, all, stats);
            if (parse.GetValue(json))
            {
                WriteJson(directory, events, timeline, stats, findings);
                return ExitCodes.Ready;
            }

            Console.Out.WriteLine($"run {directory.RunId} ({directory.Path})");
            foreach (var entry in timeline)
            {
                Console.Out.WriteLine(Storage.DisplayText.Strip(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{entry.Index,5}  {RunTimeline.FormatTs(entry.Ts)}  {entry.Kind,-18} {entry.Actor ?? "-",-12} {entry.Summary}").TrimEnd()));
            }

            foreach (var finding in findings)
            {
                Console.Out.WriteLine(finding);
            }

            if (stats.SkippedLines - stats.BlankLines > 0)
            {
                Console.Error.WriteLine($"omk: {stats.DamagedLines - stats.UnsupportedSchemaLines} malformed, {stats.UnsupportedSchemaLines} newer-schema and {stats.UnknownKindLines} unknown-kind line(s) skipped in {directory.EventsPath}.");
            }

            return ExitCodes.Ready;
        });
        return command;
    }

    private static void WriteJson(RunDirectory directory, IReadOnlyList<Event> events, IReadOnlyList<TimelineEntry> timeline, EventReadStats stats, IReadOnlyList<string> findings)
    {
        using var writer = new Utf8JsonWriter(Console.OpenStandardOutput(), Storage.JsonFileOptions.Writer(indented: true));
        writer.WriteStartObject();
        writer.WriteString("run_id", directory.RunId.Value);
        writer.WriteNumber("event_count", events.Count);
        writer.WriteNumber("skipped_lines", stats.SkippedLines);
        writer.WriteNumber("malformed_lines", stats.DamagedLines);
        writer.WriteNumber("unknown_kind_lines", stats.UnknownKindLines);
        writer.WriteStartArray("findings");
        foreach (var finding in findings)
        {
            writer.WriteStringValue(finding);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("timeline");
        for (var i = 0; i < events.Count; i++)
        {
            var entry = timeline[i];
            writer.WriteStartObject();
            writer.WriteNumber("index", entry.Index);
            writer.WriteString("ts", RunTimeline.FormatTs(entry.Ts));
            writer.WriteString("kind", entry.Kind);
            writer.WriteString("actor", entry.Actor);
            writer.WriteString("summary", entry.Summary);
            if (events[i].Payload is { } payload)
            {
                writer.WritePropertyName("payload");
                payload.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        Console.Out.WriteLine();
    }
}
