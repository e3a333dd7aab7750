using System.Text;

namespace Omk.Tests.Fuzz;

/// <summary>Seeded byte and line mutations of valid inputs (a small, reproducible fuzzer: a failure names its seed).</summary>
public sealed class Mutator(int seed)
{
    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", "\"", "\\", ":", ",", "null", "true", "-1", "1e999", "\"kind\"", "\"schema_version\":2", "\"payload\":",
        "\u0000", "\u001b[31m", "\n", "\r", "\uFFFD", "é", "😀", "#if", "#else", "#endif", "#r", "#I", "#load", "@\"", "\"\"", "!OMK", "INTERACTIVE",
    ];

    private readonly Random _random = new(seed);

    public int Seed { get; } = seed;

    public int Next(int max) => _random.Next(max);

    /// <summary>One mutation of <paramref name="input"/>: flip, insert, delete, duplicate, truncate or splice in a fragment.</summary>
    public byte[] Mutate(byte[] input)
    {
        var bytes = new List<byte>(input);
        var rounds = 1 + _random.Next(4);
        for (var r = 0; r < rounds; r++)
        {
            var at = bytes.Count == 0 ? 0 : _random.Next(bytes.Count);
            switch (_random.Next(6))
            {
                case 0 when bytes.Count > 0: bytes[at] = (byte)(bytes[at] ^ (1 << _random.Next(8))); break;
                case 1: bytes.Insert(at, (byte)_random.Next(256)); break;
                case 2 when bytes.Count > 0: bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + _random.Next(8))); break;
                case 3 when bytes.Count > 0: bytes.InsertRange(at, bytes.GetRange(at, Math.Min(bytes.Count - at, 1 + _random.Next(16)))); break;
                case 4: bytes.RemoveRange(at, bytes.Count - at); break;
                default: bytes.InsertRange(at, Encoding.UTF8.GetBytes(Fragments[_random.Next(Fragments.Length)])); break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Random bytes, some of them printable.</summary>
    public byte[] Noise(int maxLength)
    {
        var bytes = new byte[_random.Next(maxLength)];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A line made of fragments and random words.</summary>
    public string FragmentLine()
    {
        var sb = new StringBuilder();
        for (var i = _random.Next(8); i >= 0; i--)
        {
            sb.Append(Fragments[_random.Next(Fragments.Length)]).Append(_random.Next(3) == 0 ? " " : string.Empty);
        }

        return sb.ToString();
    }
}
