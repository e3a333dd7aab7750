using System.Security.Cryptography;
using Omk.Proofs;

namespace Omk.Tests.Proofs;

public sealed class ProofDigestsTests
{
    // Small files are hashed in managed code, larger ones streamed through the platform: both must give the platform's digest.
    [Fact]
    public void A_file_hashes_as_the_platform_does_on_either_side_of_the_managed_size_and_with_a_limit()
    {
        var directory = Directory.CreateTempSubdirectory("omk-digests-");
        try
        {
            var random = new Random(23);
            const int Small = 128 * 1024;
            int[] lengths = [0, 1, 4096, Small - 1, Small, Small + 1, (2 * Small) + 7, 600_000];
            foreach (var length in lengths)
            {
                var data = new byte[length];
                random.NextBytes(data);
                var path = Path.Combine(directory.FullName, $"{length}.log");
                File.WriteAllBytes(path, data);

                Assert.Equal((Hex(data), (long)length), ProofDigests.Hash(path));
                foreach (var limit in new long[] { 0, 10, Small - 1, Small, Small + 1, 300_000, 700_000 })
                {
                    var part = data.AsSpan(0, (int)Math.Min(limit, length)).ToArray();
                    Assert.Equal((Hex(part), (long)part.Length), ProofDigests.Hash(path, limit));
                }
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Hex(byte[] data) => Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant();
}
