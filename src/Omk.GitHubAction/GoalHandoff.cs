using System.Text.Json;
using System.Text.Json.Serialization;

namespace Omk.GitHubAction;

/// <summary>
/// <c>goal.json</c>, beside the bundle and the proof in the folder the goal job uploads: what the publishing job needs
/// (the goal, where its status comment is, the goal's result as <c>omk goal run --json</c> printed it).
/// </summary>
public sealed record GoalHandoff(
    string Goal,
    int? Issue,
    string GoalId,
    string Status,
    string Reason,
    string Branch,
    string? Commit,
    string? Base,
    bool HasBundle)
{
    public const string FileName = "goal.json";
    public const string BundleName = "goal.bundle";
    public const string ProofFolder = "proof";

    public void Write(string directory) =>
        File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, GoalHandoffJsonContext.Default.GoalHandoff));

    public static GoalHandoff Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new ActionUsageException($"input 'proof-dir': '{directory}' holds no {FileName}: not the folder a goal job uploaded.");
        }

        return JsonSerializer.Deserialize(File.ReadAllText(path), GoalHandoffJsonContext.Default.GoalHandoff)
            ?? throw new ActionUsageException($"input 'proof-dir': {path} is empty.");
    }
}

/// <summary>The source-generated JSON of <see cref="GoalHandoff"/> (snake_case).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(GoalHandoff))]
internal sealed partial class GoalHandoffJsonContext : JsonSerializerContext;
