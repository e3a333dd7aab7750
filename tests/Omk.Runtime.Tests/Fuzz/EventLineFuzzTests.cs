using System.Text;
using Omk.Events;
using Omk.Proofs;
using Omk.Testing;

namespace Omk.Tests.Fuzz;

/// <summary>Random and mutated event lines never crash the parser, the reader or the fold; a bad line is counted and skipped.</summary>
public sealed class EventLineFuzzTests
{
    private static readonly byte[][] Valid = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Proofs", "Fixtures"), "*.jsonl")
        .SelectMany(File.ReadAllLines)
        .Where(l => EventLine.TryParse(Encoding.UTF8.GetBytes(l), out _) == LineStatus.Event)
        .Select(Encoding.UTF8.GetBytes)
        .ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Mutated_and_random_lines_parse_to_a_status_and_never_throw(int seed)
    {
        Assert.NotEmpty(Valid);
        var fuzz = new Mutator(seed);
        for (var i = 0; i < 5000; i++)
        {
            var line = i % 5 == 0 ? fuzz.Noise(300) : fuzz.Mutate(Valid[fuzz.Next(Valid.Length)]);
            var status = EventLine.TryParse(line, out var e);
            Assert.True((status == LineStatus.Event) == (e is not null), $"seed {seed}, input {Convert.ToBase64String(line)}");
            if (e is not null)
            {
                _ = e.PayloadString("name");
                _ = ProofProjection.Fold([e]);
            }
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void A_log_of_mutated_lines_between_valid_ones_keeps_every_valid_event_and_counts_the_rest(int seed)
    {
        var fuzz = new Mutator(seed);
        using var dir = new TempDirectory();
        var path = dir.Combine("events.jsonl");
        using (var file = File.Create(path))
        {
            foreach (var valid in Valid)
            {
                file.Write(valid);
                file.WriteByte((byte)'\n');
                var bad = fuzz.Mutate(valid).Where(b => b != (byte)'\n').ToArray();
                if (EventLine.TryParse(bad, out _) != LineStatus.Event)
                {
                    file.Write(bad);
                    file.WriteByte((byte)'\n');
                }
            }
        }

        var stats = new EventReadStats();
        var events = EventReader.Read(path, stats).ToList();
        Assert.True(events.Count >= Valid.Length, $"seed {seed}: {events.Count} of {Valid.Length} valid events read");
        Assert.Equal(File.ReadAllBytes(path).Count(b => b == (byte)'\n'), stats.EventLines + stats.SkippedLines);
        var proof = ProofProjection.Fold(events, stats);
        Assert.NotNull(proof.Status);
    }
}
