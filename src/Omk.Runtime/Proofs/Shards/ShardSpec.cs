using System.Globalization;
using Omk.Gates;

namespace Omk.Proofs.Shards;

/// <summary>One share of a sharded run: <c>I/N</c>, 1-based (<c>1/4</c> … <c>4/4</c>), as matrix jobs number them.</summary>
public sealed record ShardSpec(int Index, int Total)
{
    /// <summary>The most shards a run is split into: GitHub's matrix limit.</summary>
    public const int MaxTotal = 256;

    /// <summary>Parses <c>I/N</c>; a malformed or out-of-range value is a configuration error naming <paramref name="origin"/>.</summary>
    public static ShardSpec Parse(string text, string origin = "--shard")
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var total)
            && total is >= 1 and <= MaxTotal
            && index >= 1 && index <= total)
        {
            return new ShardSpec(index, total);
        }

        throw new GateConfigurationException(
            $"{origin} '{text}': expected I/N with 1 <= I <= N <= {MaxTotal}, e.g. 2/4 (the second of four shards).");
    }

    public override string ToString() => $"{Index}/{Total}";
}
