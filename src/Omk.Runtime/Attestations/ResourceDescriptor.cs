namespace Omk.Attestations;

/// <summary>An in-toto ResourceDescriptor: a named artifact identified by its digests (e.g. <c>sha256</c>, <c>gitCommit</c>).</summary>
public sealed record ResourceDescriptor(string? Name, IReadOnlyDictionary<string, string> Digest)
{
    public string? Uri { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
