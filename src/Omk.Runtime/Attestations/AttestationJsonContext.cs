using System.Text.Json.Serialization;

namespace Omk.Attestations;

/// <summary>Source-generated JSON for in-toto statements: camelCase as the in-toto specification spells it, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InTotoStatement))]
[JsonSerializable(typeof(TestResultPredicate))]
public sealed partial class AttestationJsonContext : JsonSerializerContext
{
    public static AttestationJsonContext File { get; } = new(new System.Text.Json.JsonSerializerOptions(Storage.JsonFileOptions.Create(indented: false))
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
    });
}
