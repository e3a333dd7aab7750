using System.Text.Json.Serialization;

namespace Omk.Attestations;

/// <summary>An in-toto Statement v1: the subjects (by digest) the predicate is about, and the typed predicate.</summary>
public sealed record InTotoStatement(
    IReadOnlyList<ResourceDescriptor> Subject,
    string PredicateType,
    TestResultPredicate Predicate)
{
    public const string StatementType = "https://in-toto.io/Statement/v1";

    [JsonPropertyName("_type")]
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = StatementType;
}
