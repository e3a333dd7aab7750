using System.Text.Json.Serialization;
using Omk.Storage;

namespace Omk.Teams;

/// <summary>Source-generated JSON for the team proof and the team result: snake_case, indented, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(TeamProof))]
public sealed partial class TeamJsonContext : JsonSerializerContext
{
    public static TeamJsonContext File { get; } = new(JsonFileOptions.Create(indented: true));
}
