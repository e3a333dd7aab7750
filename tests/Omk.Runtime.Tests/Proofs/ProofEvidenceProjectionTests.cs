using Omk.Events;
using Omk.Proofs;
using Omk.Testing;

namespace Omk.Tests.Proofs;

/// <summary>Golden proofs of runs with findings, test results, a flaky gate, an optional failure and a gate filter.</summary>
public sealed class ProofEvidenceProjectionTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Proofs", "Fixtures");

    private static Proof Fold(string name) => ProofProjection.Fold(EventReader.Read(Path.Combine(Fixtures, name), new EventReadStats()));

    [Fact]
    public void Evidence_run_proof_json_matches_golden_file()
    {
        var proof = Fold("evidence-run.jsonl");
        Assert.Equal(ProofStatus.Failed, proof.Status);
        Snapshot.Match(ProofPublisher.ToJson(proof));
    }

    [Fact]
    public void Evidence_run_proof_markdown_matches_golden_file() => Snapshot.Match(ProofMarkdown.Render(Fold("evidence-run.jsonl")));

    [Fact]
    public void Partial_run_proof_json_matches_golden_file()
    {
        var proof = Fold("partial-run.jsonl");
        Assert.Equal(ProofStatus.Partial, proof.Status);
        Snapshot.Match(ProofPublisher.ToJson(proof));
    }

    [Fact]
    public void Partial_run_proof_markdown_matches_golden_file() => Snapshot.Match(ProofMarkdown.Render(Fold("partial-run.jsonl")));

    [Fact]
    public void An_optional_failure_is_named_optional_and_an_allowed_one_allowed_to_fail()
    {
        var proof = Fold("evidence-run.jsonl");
        var docs = proof.Gates.Single(g => g.Name == "docs");
        Assert.True(docs.Optional);
        Assert.Null(docs.AllowFail);
        Assert.Contains("gate docs failed (optional)", proof.KnownGaps);
        Assert.Contains("1 optional failed", proof.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partial_run_names_the_filter_and_the_gates_that_did_not_run_in_the_summary_and_gaps()
    {
        var proof = Fold("partial-run.jsonl");
        Assert.Equal(["build", "docs"], proof.Selection!.NotSelected);
        Assert.StartsWith("Run run-20261204-130000-000: partial (filter 'test,lint'; not run: build, docs).", proof.Summary, StringComparison.Ordinal);
        Assert.Equal("partial run: filter 'test,lint' selected test, lint; not run: build, docs", proof.KnownGaps[0]);
        Assert.Equal(ProofStatus.NeedsFollowUp, proof.Readiness);
    }

    [Fact]
    public void Proof_markdown_of_a_thousand_failures_stays_short_enough_for_a_pull_request_comment()
    {
        var markdown = ProofMarkdown.Render(Fold("evidence-run.jsonl"));
        Assert.Contains("Failed tests (2 of 998)", markdown, StringComparison.Ordinal);
        Assert.Contains("996 more", markdown, StringComparison.Ordinal);
        Assert.Contains("Findings (4 of 142)", markdown, StringComparison.Ordinal);
        Assert.True(markdown.Length < 65_536, $"{markdown.Length} characters");
    }
}
