using System.Text.Json.Serialization;

namespace Omk.GateCache;

/// <summary>Source-generated JSON for the gate result cache: snake_case, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CachedGateResult))]
public sealed partial class GateCacheJsonContext : JsonSerializerContext;
