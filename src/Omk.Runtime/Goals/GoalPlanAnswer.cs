using System.Text.Json;
using Omk.Gates;
using Omk.Teams;

namespace Omk.Goals;

/// <summary>
/// What the planner answered: a plan (tasks in the task-file schema, validated with the rules of
/// <c>omk team run --tasks</c>), questions for a human (the goal is too vague to check), or what is wrong with it.
/// </summary>
public sealed record GoalPlanAnswer(IReadOnlyList<TeamTask>? Tasks, IReadOnlyList<string>? Questions, string? Error)
{
    public static GoalPlanAnswer Parse(string answer, GateSet declared, string source)
    {
        var (json, problem) = FencedJson.Extract(answer);
        if (json is null)
        {
            return new GoalPlanAnswer(null, null, problem);
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("questions", out var questions)
                && questions.ValueKind == JsonValueKind.Array)
            {
                var list = questions.EnumerateArray().Where(q => q.ValueKind == JsonValueKind.String).Select(q => q.GetString()!).Where(q => q.Length > 0).ToList();
                return list.Count > 0 ? new GoalPlanAnswer(null, list, null) : new GoalPlanAnswer(null, null, "'questions' is empty");
            }
        }
        catch (JsonException ex)
        {
            return new GoalPlanAnswer(null, null, $"not valid JSON: {ex.Message}");
        }

        return Validate(json, declared, source);
    }

    /// <summary>A task file's text validated as <c>omk team run --tasks</c> validates it, with the declared gates.</summary>
    public static GoalPlanAnswer Validate(string json, GateSet declared, string source)
    {
        try
        {
            var tasks = TaskFile.Parse(json, source);
            foreach (var task in tasks)
            {
                if (TaskGateRound.Unknown(task, declared) is { Count: > 0 } unknown)
                {
                    return new GoalPlanAnswer(null, null, $"{source}: task '{task.Id}': field 'gates' names {string.Join(", ", unknown)}, not declared in the repository (declared: {(declared.Gates.Count == 0 ? "none" : string.Join(", ", declared.Gates.Select(g => g.Name)))}).");
                }
            }

            return new GoalPlanAnswer(tasks, null, null);
        }
        catch (TaskFileException ex)
        {
            return new GoalPlanAnswer(null, null, ex.Message);
        }
    }
}
