using System.Text.Json.Serialization;

namespace Omk.Proofs;

/// <summary>Source-generated JSON for proofs: snake_case, indented, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(Proof))]
[JsonSerializable(typeof(ProofVerification))]
public sealed partial class ProofJsonContext : JsonSerializerContext
{
    /// <summary>The context used for <c>proof.json</c>: readable characters and UTC <c>Z</c> timestamps.</summary>
    public static ProofJsonContext File { get; } = new(Storage.JsonFileOptions.Create(indented: true));
}
