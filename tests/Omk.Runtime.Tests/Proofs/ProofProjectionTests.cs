using Omk.Events;
using Omk.Events.Payloads;
using Omk.Proofs;
using Omk.Testing;

namespace Omk.Tests.Proofs;

public sealed class ProofProjectionTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Proofs", "Fixtures");

    private static Proof FoldFixture(string name)
    {
        var stats = new EventReadStats();
        return ProofProjection.Fold(EventReader.Read(Path.Combine(Fixtures, name), stats), stats);
    }

    [Fact]
    public void Failed_run_proof_json_matches_golden_file()
    {
        var proof = FoldFixture("failed-run.jsonl");
        Assert.Equal(ProofStatus.Failed, proof.Status);
        Snapshot.Match(ProofPublisher.ToJson(proof));
    }

    [Fact]
    public void Failed_run_proof_markdown_matches_golden_file() =>
        Snapshot.Match(ProofMarkdown.Render(FoldFixture("failed-run.jsonl")));

    [Fact]
    public void Ready_run_proof_json_matches_golden_file()
    {
        var proof = FoldFixture("ready-run.jsonl");
        Assert.Equal(ProofStatus.Ready, proof.Status);
        Snapshot.Match(ProofPublisher.ToJson(proof));
    }

    [Fact]
    public void Ready_run_proof_markdown_matches_golden_file() =>
        Snapshot.Match(ProofMarkdown.Render(FoldFixture("ready-run.jsonl")));

    [Fact]
    public void Folding_the_same_log_twice_gives_identical_proofs() =>
        Assert.Equal(ProofPublisher.ToJson(FoldFixture("failed-run.jsonl")), ProofPublisher.ToJson(FoldFixture("failed-run.jsonl")));

    [Fact]
    public void Failed_run_carries_evidence_for_every_gate_and_the_reasons()
    {
        var proof = FoldFixture("failed-run.jsonl");
        Assert.Equal(["build", "test", "lint", "docs", "perf"], proof.Gates.Select(g => g.Name));
        Assert.Equal(["passed", "failed", "failed", "skipped", "skipped"], proof.Gates.Select(g => g.Status));
        var test = proof.Gates[1];
        Assert.Equal(1, test.Evidence.ExitCode);
        Assert.Equal("gates/02-test.log", test.Evidence.OutputPath);
        Assert.Equal("gates/quality.fsx", test.SourceFile);
        Assert.Contains("gate test failed", proof.KnownGaps);
        Assert.Contains("gate lint failed (allowed to fail)", proof.KnownGaps);
        Assert.Contains("gate docs skipped: dependency 'test' failed", proof.KnownGaps);
        Assert.Contains("1 malformed line(s) skipped", proof.KnownGaps);
        Assert.Single(proof.Failures);
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", proof.Commit);
        Assert.Equal(16, proof.ElapsedSecs);
        Assert.Equal(["docs/old.md", "src/App.cs", "src/New.cs"], proof.ChangedFiles.Select(f => f.Path));
    }

    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static List<Event> Run(params Func<EventFactory, Event>[] steps)
    {
        var clock = new ManualTimeProvider(T0);
        var factory = new EventFactory(new RunId("run-20261121-120000-000"), clock);
        var events = new List<Event>();
        foreach (var step in steps)
        {
            events.Add(step(factory));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        return events;
    }

    private static Func<EventFactory, Event> Started(params string[] gates) =>
        f => f.RunStarted(new RunStartedPayload("proof", "/repo", "test") { Commit = "abc", PlannedGates = gates });

    private static Func<EventFactory, Event> Gate(string name, bool passed, bool required = true, bool allowFail = false) =>
        f => passed
            ? f.GatePassed(new GateResultPayload(name, name, required) { ExitCode = 0, AllowFail = allowFail ? true : null })
            : f.GateFailed(new GateResultPayload(name, name, required) { ExitCode = 1, AllowFail = allowFail ? true : null });

    private static Func<EventFactory, Event> Completed => f => f.RunCompleted("done");

    [Fact]
    public void No_gates_is_not_ready() =>
        Assert.Equal(ProofStatus.NotReady, ProofProjection.Fold(Run(Started(), Completed)).Status);

    [Fact]
    public void Only_an_allow_fail_gate_failing_is_ready_when_a_required_gate_passed()
    {
        var proof = ProofProjection.Fold(Run(Started("build", "lint"), Gate("build", true), Gate("lint", false, required: false, allowFail: true), Completed));
        Assert.Equal(ProofStatus.Ready, proof.Status);
    }

    [Fact]
    public void Only_optional_gates_is_not_ready_no_evidence_no_ready()
    {
        var proof = ProofProjection.Fold(Run(Started("lint"), Gate("lint", true, required: false), Completed));
        Assert.Equal(ProofStatus.NotReady, proof.Status);
        Assert.Contains("no required gate ran: no evidence, so not ready", proof.KnownGaps);
    }

    [Fact]
    public void A_run_that_crashed_midway_is_never_ready()
    {
        var proof = ProofProjection.Fold(Run(Started("build", "test"), Gate("build", true)));
        Assert.Equal(ProofStatus.NotReady, proof.Status);
        Assert.Equal("skipped", proof.Gates.Single(g => g.Name == "test").Status);
        Assert.Contains(proof.KnownGaps, g => g.Contains("not finished", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_failed_is_a_failure_even_with_passing_gates()
    {
        var proof = ProofProjection.Fold(Run(Started("build"), Gate("build", true), f => f.RunFailed("disk full")));
        Assert.Equal(ProofStatus.Failed, proof.Status);
        Assert.Equal("disk full", proof.Failures.Single().Description);
    }

    [Fact]
    public void A_later_result_for_the_same_gate_wins()
    {
        var proof = ProofProjection.Fold(Run(Started("test"), Gate("test", false), Gate("test", true), Completed));
        Assert.Equal(ProofStatus.Ready, proof.Status);
        Assert.Single(proof.Gates);
    }
}
