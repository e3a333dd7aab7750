using System.Text.Json.Serialization;
using Omk.Storage;

namespace Omk.Goals;

/// <summary>Source-generated JSON for the goal's steps, its proof and its result: snake_case, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GoalStepPayload))]
[JsonSerializable(typeof(GoalProof))]
[JsonSerializable(typeof(GoalResultJson))]
[JsonSerializable(typeof(GoalReviewAnswer))]
public sealed partial class GoalJsonContext : JsonSerializerContext
{
    public static GoalJsonContext Compact { get; } = new(JsonFileOptions.Create(indented: false));

    public static GoalJsonContext Indented { get; } = new(JsonFileOptions.Create(indented: true));
}
