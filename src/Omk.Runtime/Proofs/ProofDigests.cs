using System.Security.Cryptography;
using Omk.Runs;

namespace Omk.Proofs;

/// <summary>Computes a proof's <see cref="ProofIntegrity"/>: streamed SHA-256 of the log as folded and of each gate log.</summary>
public static class ProofDigests
{
    public const string Algorithm = "sha256";

    /// <summary>The SHA-256 of no bytes (a run whose log does not exist).</summary>
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>SHA-256 (lowercase hex) and length of the first <paramref name="limit"/> bytes of a file (all of it when null).</summary>
    public static (string Sha256, long Bytes) Hash(string path, long? limit = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[128 * 1024];
        long total = 0;
        while (limit is null || total < limit)
        {
            var want = limit is null ? buffer.Length : (int)Math.Min(buffer.Length, limit.Value - total);
            var read = stream.Read(buffer, 0, want);
            if (read == 0)
            {
                break;
            }

            sha.AppendData(buffer, 0, read);
            total += read;
        }

        return (Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant(), total);
    }

    /// <summary>The gate logs a proof points to (each attempt's log too), relative to the run directory, in proof order.</summary>
    public static IEnumerable<(string Gate, string Path)> GateLogs(Proof proof)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var gate in proof.Gates)
        {
            var paths = (gate.Attempts ?? []).Select(a => a.OutputPath).Prepend(gate.Evidence.OutputPath);
            foreach (var path in paths.OfType<string>())
            {
                if (seen.Add(path))
                {
                    yield return (gate.Name, path);
                }
            }
        }
    }

    /// <summary>The digests of a proof folded from the first <paramref name="eventsBytes"/> bytes of the run's log.</summary>
    public static ProofIntegrity Compute(RunDirectory run, Proof proof, string eventsSha256, long eventsBytes)
    {
        var logs = new List<ProofFileDigest>();
        foreach (var (gate, path) in GateLogs(proof))
        {
            var full = run.Resolve(path);
            if (File.Exists(full))
            {
                var (sha, bytes) = Hash(full);
                logs.Add(new ProofFileDigest(path, gate, bytes, sha));
            }
        }

        return new ProofIntegrity
        {
            Algorithm = Algorithm,
            EventsPath = Path.GetFileName(run.EventsPath),
            EventsBytes = eventsBytes,
            EventsSha256 = eventsSha256,
            GateLogs = logs,
        };
    }
}
