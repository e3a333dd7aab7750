using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Omk.Proofs;
using Omk.Runs;

namespace Omk.Attestations;

/// <summary>
/// A run's proof as in-toto Statements v1: one test-result statement per gate that ran (subject: the commit it judged;
/// configuration: the gate's definition, the commit and its log), and a summary test-result statement whose subject is
/// the SHA-256 of <c>proof.json</c> (what <c>actions/attest</c> signs), each gate one of its tests.
/// </summary>
public static class ProofAttestation
{
    /// <summary>The statements of a run whose proof matches its records; the summary comes last.</summary>
    public static IReadOnlyList<InTotoStatement> Build(RunDirectory run)
    {
        var bytes = File.ReadAllBytes(run.ProofJsonPath);
        var proof = JsonSerializer.Deserialize(bytes, ProofJsonContext.File.Proof)
            ?? throw new JsonException("proof.json is empty");
        var proofDigest = new ResourceDescriptor("proof.json", Sha256(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant()));
        var commit = proof.Commit is { } sha
            ? new ResourceDescriptor("commit", new Dictionary<string, string> { ["gitCommit"] = sha })
            {
                Annotations = new Dictionary<string, string> { ["dirty"] = proof.Dirty == true ? "true" : "false", ["branch"] = proof.Branch ?? string.Empty },
            }
            : null;
        var logs = proof.Integrity?.GateLogs.ToDictionary(l => l.Path, StringComparer.Ordinal) ?? [];

        var statements = new List<InTotoStatement>();
        foreach (var gate in proof.Gates.Where(g => g.Status != GateStatus.Skipped))
        {
            var configuration = new List<ResourceDescriptor> { Definition(gate) };
            if (commit is not null)
            {
                configuration.Add(commit);
            }

            if (gate.Evidence.OutputPath is { } log && logs.TryGetValue(log, out var digest))
            {
                configuration.Add(new ResourceDescriptor(digest.Path, Sha256(digest.Sha256)));
            }

            var failed = gate.FailedTests?.Select(t => t.Name).ToList();
            statements.Add(new InTotoStatement(
                [commit is null ? proofDigest : new ResourceDescriptor(commit.Name, commit.Digest)],
                TestResultPredicate.Type,
                new TestResultPredicate(Result(gate), configuration)
                {
                    FailedTests = failed is { Count: > 0 } ? failed : gate.Status == GateStatus.Failed ? [gate.Name] : null,
                    PassedTests = gate.Status == GateStatus.Passed && gate.Flaky != true ? [gate.Name] : null,
                    WarnedTests = gate.Status == GateStatus.Passed && gate.Flaky == true ? [gate.Name] : null,
                }));
        }

        var summaryConfiguration = new List<ResourceDescriptor>();
        if (commit is not null)
        {
            summaryConfiguration.Add(commit);
        }

        if (proof.Integrity is { } integrity)
        {
            summaryConfiguration.Add(new ResourceDescriptor(integrity.EventsPath, Sha256(integrity.EventsSha256))
            {
                Annotations = new Dictionary<string, string> { ["bytes"] = integrity.EventsBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            });
        }

        summaryConfiguration.AddRange(proof.Gates.Select(Definition));
        var passed = proof.Gates.Where(g => g.Status == GateStatus.Passed && g.Flaky != true).Select(g => g.Name).ToList();
        var warned = proof.Gates.Where(g => g.Flaky == true || g.Status == GateStatus.Skipped || (g.Status == GateStatus.Failed && g.AllowFail == true)).Select(g => g.Name).ToList();
        var failedGates = proof.Gates.Where(g => g.Status == GateStatus.Failed && g.AllowFail != true).Select(g => g.Name).ToList();
        statements.Add(new InTotoStatement(
            [proofDigest],
            TestResultPredicate.Type,
            new TestResultPredicate(SummaryResult(proof.Status, warned.Count > 0), summaryConfiguration)
            {
                PassedTests = passed,
                WarnedTests = warned,
                FailedTests = failedGates,
            }));
        return statements;
    }

    public static string ToJsonLine(InTotoStatement statement) => JsonSerializer.Serialize(statement, AttestationJsonContext.File.InTotoStatement);

    private static string Result(ProofGate gate) =>
        gate.Status == GateStatus.Failed ? (gate.AllowFail == true ? "WARNED" : "FAILED")
        : gate.Flaky == true ? "WARNED"
        : "PASSED";

    // PASSED only for a ready proof with nothing warned (the predicate's rule: PASSED means warnedTests and failedTests are empty).
    private static string SummaryResult(string status, bool warned) =>
        status == ProofStatus.Ready && !warned ? "PASSED" : status is ProofStatus.Ready or ProofStatus.Partial ? "WARNED" : "FAILED";

    // The gate's definition as the run recorded it: its command line (or code gate message) by digest, and where it was declared.
    private static ResourceDescriptor Definition(ProofGate gate)
    {
        var definition = gate.Evidence.CommandLine ?? $"{gate.Kind ?? "gate"} {gate.Name}";
        var annotations = new Dictionary<string, string> { ["gate"] = gate.Name, ["definition"] = definition, ["required"] = gate.Required ? "true" : "false" };
        if (gate.SourceFile is { } file)
        {
            annotations["source"] = gate.SourceLine is { } line ? $"{file}:{line}" : file;
        }

        if (gate.Evidence.ExitCode is { } code)
        {
            annotations["exit_code"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (gate.Tests is { } tests)
        {
            annotations["tests"] = $"{tests.Passed} passed, {tests.Failed} failed, {tests.Skipped} skipped of {tests.Total}";
        }

        return new ResourceDescriptor("gate:" + gate.Name, Sha256(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(definition))).ToLowerInvariant()))
        {
            Annotations = annotations,
        };
    }

    private static Dictionary<string, string> Sha256(string hex) => new() { ["sha256"] = hex };
}
