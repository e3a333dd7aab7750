using System.Text.Json.Serialization;

namespace Omk.Proofs;

/// <summary>Source-generated JSON for proofs: snake_case, indented, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(Proof))]
public sealed partial class ProofJsonContext : JsonSerializerContext;
