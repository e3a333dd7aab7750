using Omk.Events;
using Omk.Proofs;
using Omk.Testing;

namespace Omk.Tests.Proofs;

/// <summary>The fold honours the seal of the run's end, and never ignores what a newer Omk wrote.</summary>
public sealed class SealedFoldTests
{
    private static readonly string[] Ready = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Proofs", "Fixtures", "ready-run.jsonl"));
    private static readonly string[] Failed = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Proofs", "Fixtures", "failed-run.jsonl"));

    private static Proof Fold(IEnumerable<string> lines)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("events.jsonl", string.Join('\n', lines) + "\n");
        var stats = new EventReadStats();
        return ProofProjection.Fold(EventReader.Read(path, stats).ToList(), stats);
    }

    [Fact]
    public void A_gate_passed_appended_after_the_end_of_a_failed_run_is_ignored_and_reported()
    {
        var failedTest = Failed.First(l => l.Contains("\"gate_failed\"", StringComparison.Ordinal) && l.Contains("\"name\":\"test\"", StringComparison.Ordinal));
        var forged = failedTest.Replace("gate_failed", "gate_passed", StringComparison.Ordinal).Replace("-0000", "-0999", StringComparison.Ordinal);

        var proof = Fold([.. Failed, forged]);

        Assert.Equal(ProofStatus.Failed, proof.Status);
        Assert.Equal("failed", proof.Gates.Single(g => g.Name == "test").Status);
        Assert.Contains(proof.KnownGaps, g => g.StartsWith("integrity: 1 event(s) appended after the run ended were ignored (gate_passed)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_run_failed_written_by_a_newer_omk_fails_the_run()
    {
        var newer = """{"id":"00000000-0000-4000-8000-000000000999","run_id":"run-20261121-120000-000","ts":"2026-11-21T13:00:05.000Z","schema_version":2,"kind":"run_failed","actor":"omk","payload":{"reason":"x"}}""";

        var proof = Fold([.. Ready[..^1], newer, Ready[^1]]);

        Assert.Equal(ProofStatus.Failed, proof.Status);
        Assert.Contains(proof.KnownGaps, g => g.Contains("written by a newer Omk", StringComparison.Ordinal));
        Assert.DoesNotContain(proof.KnownGaps, g => g.Contains("malformed", StringComparison.Ordinal));
    }

    [Fact]
    public void Any_line_of_a_newer_schema_keeps_a_run_from_ready()
    {
        var newer = """{"id":"00000000-0000-4000-8000-000000000998","schema_version":3,"kind":"gate_verdict_v3","data":{}}""";
        var proof = Fold([.. Ready[..^1], newer, Ready[^1]]);
        Assert.Equal(ProofStatus.NotReady, proof.Status);
        Assert.Contains(proof.KnownGaps, g => g.StartsWith("1 line(s) written by a newer Omk", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_writer_refuses_events_after_the_runs_end_but_takes_its_proof_written()
    {
        using var dir = new TempDirectory();
        var factory = new EventFactory(new RunId("run-20261121-120000-000"), TimeProvider.System);
        var writer = EventWriter.Open(dir.Combine("events.jsonl"));
        writer.Append(factory.RunCompleted("done"));
        Assert.Throws<RunSealedException>(() => writer.Append(factory.Message(EventKind.GatePassed, "late")));
        writer.Append(factory.ProofWritten(new Omk.Events.Payloads.ProofWrittenPayload("proof.json", "ready")));
        await writer.DisposeAsync();

        // Reopened later (a second writer, a resumed process): still sealed.
        var again = EventWriter.Open(dir.Combine("events.jsonl"));
        Assert.True(again.IsSealed);
        Assert.Throws<RunSealedException>(() => again.Append(factory.Message(EventKind.GatePassed, "late")));
        await again.DisposeAsync();
    }
}
