using Omk.Agents.Protocol;
using Omk.Storage;
using Omk.Testing;

namespace Omk.Tests.Storage;

public sealed class AgentTranscriptCapTests
{
    [Fact]
    public void A_transcript_stops_at_its_cap_with_one_note_and_counts_what_it_dropped()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("agents", "w", "transcript.jsonl");
        using (var transcript = new AgentTranscript(path, SecretRedactor.Default, TimeProvider.System, limitBytes: 4096))
        {
            for (var i = 0; i < 1000; i++)
            {
                transcript.Record("from_agent", $"{{\"jsonrpc\":\"2.0\",\"method\":\"update\",\"params\":{{\"n\":{i}}}}}");
            }

            Assert.True(transcript.DroppedLines > 900, $"dropped {transcript.DroppedLines}");
        }

        var lines = File.ReadAllLines(path);
        Assert.True(new FileInfo(path).Length < 4096 + 300);
        Assert.Contains("transcript cap of 4096 bytes reached", lines[^1], StringComparison.Ordinal);
        Assert.Single(lines, l => l.Contains("\"dir\":\"note\"", StringComparison.Ordinal));
    }
}
