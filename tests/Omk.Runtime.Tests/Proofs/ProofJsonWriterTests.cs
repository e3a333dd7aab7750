using System.Text.Json;
using Omk.Events.Payloads;
using Omk.Proofs;
using Omk.Tests.Support;

namespace Omk.Tests.Proofs;

/// <summary><c>proof.json</c> written by hand against the generated serializer: the same text, and the serializer for a merged proof.</summary>
public sealed class ProofJsonWriterTests
{
    private const string Awkward = "a \"q\" <b>&</b> 'x' \\ \n\t \u0001 \u2028 é 🚀";

    private static readonly Proof Minimal = new()
    {
        RunId = "run-1",
        Status = "not_ready",
        Readiness = "no gates",
        GeneratedAt = new DateTimeOffset(2026, 12, 5, 2, 0, 0, TimeSpan.FromHours(1)),
        ChangedFiles = [],
        Gates = [],
        Failures = [],
        Retries = [],
        KnownGaps = [],
        Summary = "nothing ran",
    };

    public static TheoryData<string, Proof> Proofs() => new()
    {
        { "minimal", Minimal },
        {
            "full", Minimal with
            {
                Status = "ready",
                GeneratedAt = new DateTimeOffset(2026, 12, 5, 2, 0, 0, 120, TimeSpan.Zero).AddTicks(5),
                Commit = "abc",
                Dirty = true,
                Base = "origin/main",
                Branch = "main",
                Selection = new GateSelectionPayload("tag:x", ["a"], ["b"]),
                Shard = new ShardPayload(1, 2, "h", ["a", "b"], "durations"),
                ChangedFiles = [new ProofChangedFile("src/é.cs", "modified"), new ProofChangedFile(Awkward, "created")],
                Gates =
                [
                    new ProofGate
                    {
                        Name = "build",
                        Status = "passed",
                        Required = true,
                        Evidence = new ProofGateEvidence { CommandLine = "dotnet build", ExitCode = 0, DurationMs = 10, OutputPath = "gates/01-build.log", TimeoutSecs = 1800, TimeoutSource = "default" },
                        InputKey = "k",
                        ReusedFrom = new GateReuseSource("run-0", "build"),
                    },
                    new ProofGate
                    {
                        Name = "test",
                        Status = "failed",
                        Required = false,
                        AllowFail = true,
                        Kind = "code",
                        Tags = ["tests"],
                        SourceFile = "gates/q.fsx",
                        SourceLine = 4,
                        Evidence = new ProofGateEvidence
                        {
                            CommandLine = Awkward, ExitCode = 1, TimedOut = true, StdoutSummary = "o", StderrSummary = "e", Reason = "exit code 1", Message = "m",
                            Values = new Dictionary<string, string> { ["leftover_processes_killed"] = "1", ["é"] = Awkward }, OutputTail = ["x", Awkward],
                        },
                        Optional = true,
                        Tests = new TestCounts(3, 1, 2, 0),
                        FailedTests = [new FailedTest("T.A", "boom", "t.cs", 3)],
                        Findings = [new Finding("error", "CS1", "a.cs", 1, 2, Awkward)],
                        FindingsTotal = new FindingTotals(5, 0),
                        Flaky = false,
                        Attempts = [new ProofGateAttempt { Attempt = 1, ExitCode = 1, DurationMs = 3, OutputPath = "gates/02-test.log", Tests = new TestCounts(1, 0, 1, 0), FailedTests = ["T.A"] }, new ProofGateAttempt { Attempt = 2, TimedOut = true }],
                    },
                ],
                Failures =
                [
                    new ProofFailure(null, "w", Awkward, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(-5))),
                    new ProofFailure("t1", null, "task failed", new DateTimeOffset(2026, 1, 1, 0, 0, 0, 1, TimeSpan.Zero)),
                ],
                Retries = [new ProofRetry(null, 2, "gate test failed") { GateId = "test" }, new ProofRetry("t1", null, "lease expired")],
                KnownGaps = ["no tests", Awkward],
                ElapsedSecs = 3,
                ElapsedMs = 3123,
                Integrity = new ProofIntegrity
                {
                    Algorithm = "sha256", EventsPath = "events.jsonl", EventsBytes = 1234, EventsSha256 = "ff",
                    GateLogs = [new ProofFileDigest("gates/01-build.log", "build", 10, "aa"), new ProofFileDigest("x.log", null, 0, "bb")],
                },
            }
        },
    };

    [Theory]
    [MemberData(nameof(Proofs))]
    public void Proof_json_is_the_generated_serializers_text(string name, Proof proof)
    {
        Assert.Equal(JsonSerializer.Serialize(proof, ProofJsonContext.File.Proof), ProofJsonWriter.Write(proof));
        Assert.EndsWith("\n", ProofPublisher.ToJson(proof), StringComparison.Ordinal);
        Assert.NotEmpty(name);
    }

    [Fact]
    public void A_merged_proof_is_written_by_the_generated_serializer()
    {
        var merged = Minimal with { Merge = new ProofMergePayload(2, "h", [new MergedShard(1, "run-1", ["a"])], [2]) };

        Assert.Null(ProofJsonWriter.Write(merged));
        Assert.Equal(JsonSerializer.Serialize(merged, ProofJsonContext.File.Proof) + "\n", ProofPublisher.ToJson(merged));
        Assert.Contains("\"missing_shards\"", ProofPublisher.ToJson(merged), StringComparison.Ordinal);

        var incremental = Minimal with { Affected = new AffectedSelectionPayload(null, 0, [], []) { Graph = "none" } };
        Assert.Null(ProofJsonWriter.Write(incremental));
        Assert.Equal(JsonSerializer.Serialize(incremental, ProofJsonContext.File.Proof) + "\n", ProofPublisher.ToJson(incremental));
    }

    // A field added to a proof record must be added to the writer (or left to the generated serializer here): every
    // property of the proof's own types is written by the full sample above.
    [Fact]
    public void Every_field_of_the_proof_is_written_by_the_full_sample()
    {
        string[] leftToSerializer = ["Proof.merge", "Proof.affected"];
        var written = new HashSet<string>(StringComparer.Ordinal);
        JsonFieldNames.Collect(
            typeof(Proof), JsonDocument.Parse(JsonSerializer.Serialize((Proof)Proofs().First(row => (string)row[0] == "full")[1], ProofJsonContext.File.Proof)).RootElement, "Omk.Proofs", written);
        Type[] types =
        [
            typeof(Proof), typeof(ProofGate), typeof(ProofGateEvidence), typeof(ProofGateAttempt), typeof(ProofChangedFile), typeof(ProofFailure),
            typeof(ProofRetry), typeof(ProofIntegrity), typeof(ProofFileDigest),
        ];
        var missing = JsonFieldNames.Declared(types).Where(name => !written.Contains(name) && !leftToSerializer.Contains(name)).ToList();
        Assert.Empty(missing);
    }
}
