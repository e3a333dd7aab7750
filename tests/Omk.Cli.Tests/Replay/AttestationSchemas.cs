using System.Text.Json;
using Json.Schema;

namespace Omk.Tests.Replay;

/// <summary>
/// The in-toto Statement v1 and test-result v0.1 JSON schemas (<c>Replay/Schemas/</c>, written from the specifications),
/// evaluated with JsonSchema.Net: a statement is valid or the errors are listed with where they are.
/// </summary>
public static class AttestationSchemas
{
    private static readonly Lazy<JsonSchema> TestResult = new(Load);

    /// <summary>The errors of <paramref name="statement"/> against the test-result statement schema (none when valid).</summary>
    public static IReadOnlyList<string> Errors(JsonElement statement)
    {
        var results = TestResult.Value.Evaluate(statement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : (results.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))
                .DefaultIfEmpty("invalid")
                .ToList();
    }

    private static JsonSchema Load()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Replay", "Schemas");
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        JsonSchema.FromText(File.ReadAllText(Path.Combine(directory, "in-toto-statement-v1.schema.json")), options);
        return JsonSchema.FromText(File.ReadAllText(Path.Combine(directory, "test-result-v0.1.schema.json")), options);
    }
}
