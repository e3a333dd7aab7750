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
        var buffer = new byte[SmallFile];
        var first = ReadUpTo(stream, buffer, limit is null ? buffer.Length : (int)Math.Min(buffer.Length, limit.Value));
        if (first < buffer.Length || (limit is { } l && first >= l) || stream.ReadByte() is var next && next < 0)
        {
            // A small file (every log of a reusing run, most gate logs): hashed in managed code, which does not load the
            // platform's cryptography library (OpenSSL) for a few KB. The same digest (ManagedSha256Tests).
            return (Storage.ManagedSha256.HashHex(buffer.AsSpan(0, first)), first);
        }

        return HashLarge(stream, buffer, first, (byte)next, limit);
    }

    // The rest of a file larger than SmallFile, streamed (its first bytes already read into buffer, then one more).
    private static (string Sha256, long Bytes) HashLarge(FileStream stream, byte[] buffer, int first, byte next, long? limit)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(buffer, 0, first);
        sha.AppendData([next]);
        long total = first + 1;
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

    // Files up to this size are read whole and hashed in managed code; larger ones are streamed through the platform's SHA-256.
    private const int SmallFile = 128 * 1024;

    private static int ReadUpTo(Stream stream, byte[] buffer, int want)
    {
        var read = 0;
        while (read < want && stream.Read(buffer, read, want - read) is var n && n > 0)
        {
            read += n;
        }

        return read;
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
