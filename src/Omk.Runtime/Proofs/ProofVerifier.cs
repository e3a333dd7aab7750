using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omk.Events;
using Omk.Runs;

namespace Omk.Proofs;

/// <summary>
/// Checks a run's proof against its records: the SHA-256 of the log as folded and of each gate log, that nothing but
/// <c>proof_written</c> was appended after, and that folding the log again gives <c>proof.json</c> (and <c>proof.md</c>)
/// byte for byte. Reads only the run directory, so it works on a run copied elsewhere.
/// </summary>
public static class ProofVerifier
{
    private const long MaxTrailingBytes = 16 * 1024 * 1024;

    public static ProofVerification Verify(RunDirectory run)
    {
        var checkedFiles = new List<string>();
        var mismatches = new List<ProofMismatch>();
        const string proofFile = "proof.json";
        if (!File.Exists(run.ProofJsonPath))
        {
            mismatches.Add(new(proofFile, "is missing: there is no proof to verify ('omk proof show --regenerate' folds the log again)"));
            return new(run.Path, checkedFiles, mismatches);
        }

        var proofText = File.ReadAllText(run.ProofJsonPath);
        Proof? recorded;
        try
        {
            recorded = JsonSerializer.Deserialize(proofText, ProofJsonContext.File.Proof);
        }
        catch (JsonException ex)
        {
            mismatches.Add(new(proofFile, IsTeamProof(proofText)
                ? "is a team run's proof, which records no digests: verify the proofs of its tasks' gate rounds (tasks/<id>/attempt-N/round-R/proof.json)"
                : $"is not a valid proof: {ex.Message}"));
            return new(run.Path, checkedFiles, mismatches);
        }

        if (recorded?.Integrity is not { } integrity)
        {
            mismatches.Add(new(proofFile, "records no digests (written by an omk without 'proof verify'): nothing to check it against"));
            return new(run.Path, checkedFiles, mismatches);
        }

        var eventsOk = CheckEvents(run, integrity, checkedFiles, mismatches);
        foreach (var log in integrity.GateLogs)
        {
            CheckFile(run, log, checkedFiles, mismatches);
        }

        if (eventsOk)
        {
            var folded = Fold(run, recorded.RunId) with { Integrity = integrity };
            CheckProofFiles(run, proofText, folded, checkedFiles, mismatches);
        }

        return new(run.Path, checkedFiles, mismatches);
    }

    // The proof was folded under its directory's run id; a run copied under another name keeps the id it recorded,
    // as long as that id is the log's own (an id the log does not know is folded as the log's, and so differs).
    private static Proof Fold(RunDirectory run, string recordedId)
    {
        var stats = new EventReadStats();
        var logId = EventReader.Read(run.EventsPath).FirstOrDefault()?.RunId.Value;
        var runId = recordedId == run.RunId.Value || recordedId == logId ? recordedId : logId ?? run.RunId.Value;
        return ProofProjection.Fold(EventReader.Read(run.EventsPath, stats), stats, runId);
    }

    private static bool CheckEvents(RunDirectory run, ProofIntegrity integrity, List<string> checkedFiles, List<ProofMismatch> mismatches)
    {
        var name = Path.GetFileName(run.EventsPath);
        if (!File.Exists(run.EventsPath))
        {
            mismatches.Add(new(name, "is missing"));
            return false;
        }

        var length = new FileInfo(run.EventsPath).Length;
        if (length < integrity.EventsBytes)
        {
            mismatches.Add(new(name, $"is shorter than the log the proof was folded from ({length} of {integrity.EventsBytes} bytes)"));
            return false;
        }

        var (sha, _) = ProofDigests.Hash(run.EventsPath, integrity.EventsBytes);
        if (!string.Equals(sha, integrity.EventsSha256, StringComparison.OrdinalIgnoreCase))
        {
            mismatches.Add(new(name, $"changed: its first {integrity.EventsBytes} bytes hash to sha256 {sha}, proof.json records {integrity.EventsSha256}"));
            return false;
        }

        checkedFiles.Add(name);
        var appended = AppendedKinds(run.EventsPath, integrity.EventsBytes, length);
        if (appended.Count > 0)
        {
            mismatches.Add(new(name, $"{appended.Count} event(s) were appended after the proof was written ({string.Join(", ", appended.Distinct())})"));
            return false;
        }

        return true;
    }

    // The kinds of what follows the folded log, except the proof_written events that publishing a proof appends.
    private static List<string> AppendedKinds(string path, long from, long length)
    {
        if (length - from > MaxTrailingBytes)
        {
            return [$"{length - from} bytes"];
        }

        var bytes = new byte[length - from];
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            stream.Position = from;
            stream.ReadExactly(bytes);
        }

        var kinds = new List<string>();
        var span = bytes.AsSpan();
        while (span.Length > 0)
        {
            var newline = span.IndexOf((byte)'\n');
            var line = newline < 0 ? span : span[..newline];
            span = newline < 0 ? [] : span[(newline + 1)..];
            if (line.Trim((byte)' ').Trim((byte)'\r').IsEmpty)
            {
                continue;
            }

            EventLine.TryParse(line, out var e);
            if (e?.Kind != EventKind.ProofWritten)
            {
                kinds.Add(e?.Kind.Value ?? "unreadable line");
            }
        }

        return kinds;
    }

    private static void CheckFile(RunDirectory run, ProofFileDigest digest, List<string> checkedFiles, List<ProofMismatch> mismatches)
    {
        var full = run.Resolve(digest.Path);
        var gate = digest.Gate is null ? string.Empty : $" (log of gate '{digest.Gate}')";
        if (!File.Exists(full))
        {
            mismatches.Add(new(digest.Path, "is missing" + gate));
            return;
        }

        var (sha, bytes) = ProofDigests.Hash(full);
        if (!string.Equals(sha, digest.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            mismatches.Add(new(digest.Path, $"changed{gate}: sha256 {sha} ({bytes} bytes), proof.json records {digest.Sha256} ({digest.Bytes} bytes)"));
            return;
        }

        checkedFiles.Add(digest.Path);
    }

    private static void CheckProofFiles(RunDirectory run, string proofText, Proof folded, List<string> checkedFiles, List<ProofMismatch> mismatches)
    {
        var expected = ProofPublisher.ToJson(folded);
        if (string.Equals(expected, proofText, StringComparison.Ordinal))
        {
            checkedFiles.Add("proof.json");
        }
        else
        {
            mismatches.Add(new("proof.json", "does not match the proof folded from the log: " + FirstDifference(expected, proofText)));
        }

        if (File.Exists(run.ProofMarkdownPath))
        {
            if (string.Equals(ProofMarkdown.Render(folded), File.ReadAllText(run.ProofMarkdownPath), StringComparison.Ordinal))
            {
                checkedFiles.Add("proof.md");
            }
            else
            {
                mismatches.Add(new("proof.md", "does not match the proof folded from the log"));
            }
        }
    }

    private static bool IsTeamProof(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject o && o["mode"] is JsonValue mode && mode.TryGetValue<string>(out var value) && value == "team";
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string FirstDifference(string expected, string actual)
    {
        try
        {
            if (JsonNode.Parse(expected) is JsonObject want && JsonNode.Parse(actual) is JsonObject have)
            {
                var names = want.Select(p => p.Key).Concat(have.Select(p => p.Key)).Distinct(StringComparer.Ordinal);
                foreach (var field in names)
                {
                    if (!JsonNode.DeepEquals(want[field], have[field]))
                    {
                        return $"field '{field}' differs";
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not comparable as JSON: the line says where.
        }

        var line = 1;
        for (var i = 0; i < Math.Min(expected.Length, actual.Length); i++)
        {
            if (expected[i] != actual[i])
            {
                return $"line {line} differs";
            }

            line += expected[i] == '\n' ? 1 : 0;
        }

        return new StringBuilder("its length differs (").Append(actual.Length).Append(" characters, expected ").Append(expected.Length).Append(')').ToString();
    }
}
