using System.Text;
using System.Text.Json;
using Omk.Replay;
using Omk.Testing;

namespace Omk.Tests.Replay;

/// <summary>Golden timelines of recorded runs (a failed run, a run with retries, a team run), reviewed by hand.</summary>
public sealed class ReplayProjectionTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Replay", "Fixtures");

    private static string Text(string path)
    {
        using var output = new StringWriter { NewLine = "\n" };
        ReplayRenderer.WriteText(path, output);
        return output.ToString();
    }

    [Fact]
    public void Failed_run_timeline_matches_golden_file()
    {
        var text = Text(Path.Combine(AppContext.BaseDirectory, "Proofs", "Fixtures", "failed-run.jsonl"));
        Assert.Contains("verdict: failed", text, StringComparison.Ordinal);
        Snapshot.Match(text);
    }

    [Fact]
    public void Retried_run_timeline_matches_golden_file()
    {
        var text = Text(Path.Combine(Fixtures, "retried-run.jsonl"));
        Assert.Contains("retry     test", text, StringComparison.Ordinal);
        Snapshot.Match(text);
    }

    [Fact]
    public void Team_run_timeline_matches_golden_file()
    {
        var text = Text(Path.Combine(Fixtures, "team-run.jsonl"));
        Assert.Contains("verdict: failed (team run", text, StringComparison.Ordinal);
        Snapshot.Match(text);
    }

    [Fact]
    public void Json_replay_is_the_same_timeline_as_data()
    {
        using var output = new MemoryStream();
        var verdict = ReplayRenderer.WriteJson(Path.Combine(Fixtures, "retried-run.jsonl"), output);
        var root = JsonDocument.Parse(output.ToArray()).RootElement;
        Assert.Equal(verdict.Events, root.GetProperty("entries").GetArrayLength());
        Assert.Equal("failed", root.GetProperty("verdict").GetProperty("status").GetString());
        Assert.Equal(2, root.GetProperty("verdict").GetProperty("retries").GetInt64());
        var flaky = root.GetProperty("entries").EnumerateArray().Last(e => e.GetProperty("kind").GetString() == "gate" && e.GetProperty("subject").GetString() == "test");
        Assert.Equal("passed", flaky.GetProperty("status").GetString());
        Assert.Contains("flaky", flaky.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Snapshot.Match(Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public void An_empty_or_damaged_log_replays_to_an_unknown_run_without_throwing()
    {
        using var dir = new TempDirectory("omk-replay");
        var path = dir.Write("events.jsonl", "not json\n{\"torn\":");
        var entries = new List<ReplayEntry>();
        var verdict = ReplayProjection.Replay(path, entries.Add);
        Assert.Empty(entries);
        Assert.Equal("unknown", verdict.RunId);
        Assert.Equal(0, verdict.Events);
        Assert.Contains(verdict.Why, w => w.Contains("malformed", StringComparison.Ordinal));
    }
}
