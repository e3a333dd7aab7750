using System.Security.Cryptography;
using System.Text.Json;
using Omk.Testing;

namespace Omk.Tests.Replay;

/// <summary>
/// <c>omk proof attest</c>: in-toto Statements v1 validated against the Statement v1 and test-result v0.1 JSON schemas
/// (<see cref="AttestationSchemas"/>) and checked field by field; a proof that does not match its records is not attested.
/// </summary>
public sealed class ProofAttestCommandTests
{
    private static readonly string[] Results = ["PASSED", "WARNED", "FAILED"];

    [Fact]
    public async Task Each_gate_and_the_summary_become_valid_test_result_statements_and_the_summary_subject_is_proof_json()
    {
        using var repo = new TempGitRepo();
        var proof = await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "build=true", "--gate", "test=!exit 1", "--gate", "lint=!exit 2", "--allow-fail", "lint");
        Assert.True(proof.ExitCode == 1, proof.ToString());
        using var output = new TempDirectory("omk-attest");
        var file = output.Combine("proof.intoto.jsonl");
        var predicateFile = output.Combine("predicate.json");

        var attest = await OmkProcess.RunAsync(repo.Path, "proof", "attest", "latest", "-o", file, "--predicate", predicateFile);
        Assert.True(attest.ExitCode == 0, attest.ToString());

        var statements = File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, statements.Count);
        foreach (var statement in statements)
        {
            Assert.Empty(AttestationSchemas.Errors(statement));
            AssertStatement(statement);
        }

        Assert.Equal(["PASSED", "FAILED", "WARNED"], statements.Take(3).Select(s => s.GetProperty("predicate").GetProperty("result").GetString()));
        var commit = repo.Git("rev-parse", "HEAD").Trim();
        Assert.All(statements.Take(3), s => Assert.Equal(commit, s.GetProperty("subject")[0].GetProperty("digest").GetProperty("gitCommit").GetString()));

        var summary = statements[^1];
        var runs = Path.Combine(repo.Path, ".omk", "runs");
        var proofJson = Path.Combine(runs, File.ReadAllText(Path.Combine(runs, "latest")).Trim(), "proof.json");
        var sha = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(proofJson))).ToLowerInvariant();
        Assert.Equal(sha, summary.GetProperty("subject")[0].GetProperty("digest").GetProperty("sha256").GetString());
        var predicate = summary.GetProperty("predicate");
        Assert.Equal("FAILED", predicate.GetProperty("result").GetString());
        Assert.Equal(["build"], Names(predicate, "passedTests"));
        Assert.Equal(["lint"], Names(predicate, "warnedTests"));
        Assert.Equal(["test"], Names(predicate, "failedTests"));
        Assert.Equal(predicate.GetRawText(), JsonDocument.Parse(File.ReadAllText(predicateFile)).RootElement.GetRawText());

        File.AppendAllText(Path.Combine(Path.GetDirectoryName(proofJson)!, "gates", "02-test.log"), "edited\n");
        File.Delete(file);
        var tampered = await OmkProcess.RunAsync(repo.Path, "proof", "attest", "-o", file);
        Assert.True(tampered.ExitCode == 1, tampered.ToString());
        Assert.Contains("changed: gates/02-test.log", tampered.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void The_schemas_reject_what_the_specifications_forbid()
    {
        const string Valid = """
            {"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"gitCommit":"d20ace7968ba43c0219f62d71334c1095bab1602"}}],
             "predicateType":"https://in-toto.io/attestation/test-result/v0.1",
             "predicate":{"result":"PASSED","configuration":[{"name":"gates/quality.fsx","digest":{"sha256":"ebe4add40f63c3c98bc9b32ff1e736f04120b023ebe4add40f63c3c98bc9b32f"}}],"passedTests":["build"]}}
            """;
        Assert.Empty(AttestationSchemas.Errors(JsonDocument.Parse(Valid).RootElement));
        string[] invalid =
        [
            Valid.Replace("Statement/v1", "Statement/v0.1", StringComparison.Ordinal),
            Valid.Replace("\"result\":\"PASSED\"", "\"result\":\"OK\"", StringComparison.Ordinal),
            Valid.Replace("\"configuration\"", "\"config\"", StringComparison.Ordinal),
            Valid.Replace("{\"digest\":{\"gitCommit\"", "{\"name\":\"x\",\"other\":{\"gitCommit\"", StringComparison.Ordinal),
            Valid.Replace("{\"name\":\"gates/quality.fsx\",\"digest\"", "{\"name\":\"gates/quality.fsx\",\"nodigest\"", StringComparison.Ordinal),
            Valid.Replace("[\"build\"]", "[42]", StringComparison.Ordinal),
        ];
        Assert.All(invalid, text => Assert.NotEmpty(AttestationSchemas.Errors(JsonDocument.Parse(text).RootElement)));
    }

    private static List<string> Names(JsonElement predicate, string field) =>
        predicate.GetProperty(field).EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList();

    // in-toto Statement v1: _type, a non-empty subject of ResourceDescriptors with digests, predicateType, an object predicate.
    private static void AssertStatement(JsonElement statement)
    {
        Assert.Equal("https://in-toto.io/Statement/v1", statement.GetProperty("_type").GetString());
        var subjects = statement.GetProperty("subject");
        Assert.True(subjects.GetArrayLength() > 0);
        foreach (var subject in subjects.EnumerateArray())
        {
            AssertDigests(subject.GetProperty("digest"));
        }

        Assert.Equal("https://in-toto.io/attestation/test-result/v0.1", statement.GetProperty("predicateType").GetString());
        var predicate = statement.GetProperty("predicate");
        Assert.Equal(JsonValueKind.Object, predicate.ValueKind);

        // test-result v0.1: result and configuration required; url a string; the test lists lists of strings.
        Assert.Contains(predicate.GetProperty("result").GetString(), Results);
        var configuration = predicate.GetProperty("configuration");
        Assert.True(configuration.GetArrayLength() > 0);
        foreach (var descriptor in configuration.EnumerateArray())
        {
            // ResourceDescriptor: at least one of uri, digest, content; annotations a map.
            Assert.True(descriptor.TryGetProperty("uri", out _) || descriptor.TryGetProperty("content", out _) || descriptor.TryGetProperty("digest", out _));
            if (descriptor.TryGetProperty("digest", out var digest))
            {
                AssertDigests(digest);
            }

            if (descriptor.TryGetProperty("annotations", out var annotations))
            {
                Assert.Equal(JsonValueKind.Object, annotations.ValueKind);
            }
        }

        foreach (var list in new[] { "passedTests", "warnedTests", "failedTests" })
        {
            if (predicate.TryGetProperty(list, out var names))
            {
                Assert.All(names.EnumerateArray(), n => Assert.Equal(JsonValueKind.String, n.ValueKind));
            }
        }

        if (predicate.GetProperty("result").GetString() == "PASSED")
        {
            Assert.False(predicate.TryGetProperty("failedTests", out var failed) && failed.GetArrayLength() > 0);
            Assert.False(predicate.TryGetProperty("warnedTests", out var warned) && warned.GetArrayLength() > 0);
        }
    }

    private static void AssertDigests(JsonElement digest)
    {
        var entries = digest.EnumerateObject().ToList();
        Assert.NotEmpty(entries);
        foreach (var entry in entries)
        {
            var expected = entry.Name switch { "sha256" => 64, "gitCommit" => 40, _ => -1 };
            Assert.True(expected > 0, $"unexpected digest algorithm {entry.Name}");
            Assert.Matches($"^[0-9a-f]{{{expected}}}$", entry.Value.GetString());
        }
    }
}
