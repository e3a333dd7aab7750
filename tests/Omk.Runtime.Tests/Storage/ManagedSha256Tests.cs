using System.Security.Cryptography;
using System.Text;
using Omk.Storage;

namespace Omk.Tests.Storage;

public sealed class ManagedSha256Tests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Known_answers_from_the_standard(string text, string digest) =>
        Assert.Equal(digest, ManagedSha256.HashHex(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Every_length_around_the_block_and_padding_boundaries_hashes_as_the_platform_does()
    {
        var random = new Random(17);
        int[] lengths = [.. Enumerable.Range(0, 200), 447, 448, 511, 512, 513, 1000, 4095, 4096, 65_537, 300_000];
        foreach (var length in lengths)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(SHA256.HashData(data), ManagedSha256.HashData(data));
        }
    }

    [Fact]
    public void Hex_is_lowercase_and_matches_the_platform()
    {
        var data = Encoding.UTF8.GetBytes("omk gate scripts");
        Assert.Equal(Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant(), ManagedSha256.HashHex(data));
        Assert.Equal("00ff7f10", LowerHex.Of([0x00, 0xff, 0x7f, 0x10]));
    }
}
