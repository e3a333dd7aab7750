using System.Text.Json.Serialization;

namespace Omk.Replay;

/// <summary>Source-generated JSON for <c>omk replay --json</c>: snake_case, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReplayEntry))]
[JsonSerializable(typeof(ReplayVerdict))]
[JsonSerializable(typeof(RunVerification))]
public sealed partial class ReplayJsonContext : JsonSerializerContext
{
    public static ReplayJsonContext File { get; } = new(Storage.JsonFileOptions.Create(indented: false));
}
