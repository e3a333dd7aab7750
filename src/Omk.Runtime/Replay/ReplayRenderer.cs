using System.Globalization;
using System.Text.Json;
using Omk.Storage;

namespace Omk.Replay;

/// <summary>
/// Writes a replay as it streams: text (one aligned line per entry, then the verdict and why) or JSON
/// (<c>{"entries":[...],"verdict":{...}}</c>, entries written as they come).
/// </summary>
public static class ReplayRenderer
{
    public static ReplayVerdict WriteText(string eventsPath, TextWriter output)
    {
        var verdict = ReplayProjection.Replay(eventsPath, entry => output.WriteLine(Line(entry)));
        output.WriteLine();
        output.WriteLine($"verdict: {verdict.Status} ({verdict.Mode} run {verdict.RunId}, {verdict.Events} events, {Seconds(verdict.ElapsedMs ?? 0)})");
        output.WriteLine(verdict.Summary);
        foreach (var reason in verdict.Why)
        {
            output.WriteLine("  why: " + reason);
        }

        return verdict;
    }

    public static ReplayVerdict WriteJson(string eventsPath, Stream output)
    {
        using var writer = new Utf8JsonWriter(output, JsonFileOptions.Writer(indented: false));
        writer.WriteStartObject();
        writer.WriteStartArray("entries");
        var verdict = ReplayProjection.Replay(eventsPath, entry =>
        {
            JsonSerializer.Serialize(writer, entry, ReplayJsonContext.File.ReplayEntry);
            if (writer.BytesPending > 64 * 1024)
            {
                writer.Flush();
            }
        });
        writer.WriteEndArray();
        writer.WritePropertyName("verdict");
        JsonSerializer.Serialize(writer, verdict, ReplayJsonContext.File.ReplayVerdict);
        writer.WriteEndObject();
        writer.Flush();
        output.WriteByte((byte)'\n');
        return verdict;
    }

    public static string Line(ReplayEntry entry)
    {
        var duration = entry.DurationMs is { } ms ? Seconds(ms) : string.Empty;
        var subject = entry.Task is { } task && task != entry.Subject ? $"[{task}] {entry.Subject}" : entry.Subject;
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"+{Seconds(entry.OffsetMs),-9} {entry.Kind,-9} {subject,-20} {entry.Status,-10} {duration,-7} {entry.Detail}");
        return text.TrimEnd();
    }

    private static string Seconds(long ms) => (ms / 1000.0).ToString("0.000", CultureInfo.InvariantCulture) + "s";
}
