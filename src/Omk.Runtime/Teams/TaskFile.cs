using System.Text.Json;
using System.Text.RegularExpressions;

namespace Omk.Teams;

/// <summary>
/// Reads and validates a task file (<c>{"tasks":[{"id","title","prompt","depends_on","write_set","acceptance","gates"}]}</c>,
/// schema in docs/teams.md and docs/task-file.schema.json) before anything runs: unknown fields, wrong types, empty or
/// duplicate ids, missing dependencies and cycles are a <see cref="TaskFileException"/> naming the task and field.
/// </summary>
public static partial class TaskFile
{
    private static readonly HashSet<string> TaskFields = ["id", "title", "prompt", "depends_on", "write_set", "acceptance", "gates"];

    public static IReadOnlyList<TeamTask> Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TaskFileException($"{path}: cannot be read ({ex.Message}).", ex);
        }

        return Parse(text, path);
    }

    public static IReadOnlyList<TeamTask> Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new TaskFileException($"{source}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new TaskFileException($"{source}: expected an object with a \"tasks\" array.");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (property.Name != "tasks")
                {
                    throw new TaskFileException($"{source}: unknown field '{property.Name}' at the top level (only \"tasks\" is allowed).");
                }
            }

            if (!root.TryGetProperty("tasks", out var array) || array.ValueKind != JsonValueKind.Array)
            {
                throw new TaskFileException($"{source}: field 'tasks' is missing or not an array.");
            }

            var tasks = new List<TeamTask>();
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                tasks.Add(ParseTask(element, source, index++));
            }

            if (tasks.Count == 0)
            {
                throw new TaskFileException($"{source}: 'tasks' is empty; there is nothing to run.");
            }

            Validate(tasks, source);
            return tasks;
        }
    }

    private static TeamTask ParseTask(JsonElement element, string source, int index)
    {
        var where = $"{source}: tasks[{index}]";
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new TaskFileException($"{where}: expected an object.");
        }

        var id = element.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : null;
        if (id is not null)
        {
            where = $"{source}: task '{id}'";
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!TaskFields.Contains(property.Name))
            {
                throw new TaskFileException($"{where}: unknown field '{property.Name}' (allowed: {string.Join(", ", TaskFields)}).");
            }
        }

        if (id is null || !IdShape().IsMatch(id))
        {
            throw new TaskFileException($"{where}: field 'id' must be a string of letters, digits, '.', '_' or '-' (1-64, not starting with '.').");
        }

        return new TeamTask
        {
            Id = id,
            Title = String(element, "title", where, required: false) ?? id,
            Prompt = String(element, "prompt", where, required: true)!,
            DependsOn = Strings(element, "depends_on", where) ?? [],
            WriteSet = Strings(element, "write_set", where) ?? [],
            Acceptance = Strings(element, "acceptance", where) ?? [],
            Gates = Strings(element, "gates", where),
        };
    }

    private static string? String(JsonElement element, string field, string where, bool required)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new TaskFileException($"{where}: field '{field}' is missing.") : null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw new TaskFileException($"{where}: field '{field}' must be a non-empty string.");
        }

        return value.GetString();
    }

    private static List<string>? Strings(JsonElement element, string field, string where)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString())))
        {
            throw new TaskFileException($"{where}: field '{field}' must be an array of non-empty strings.");
        }

        return value.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    private static void Validate(List<TeamTask> tasks, string source)
    {
        var byId = new Dictionary<string, TeamTask>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            if (!byId.TryAdd(task.Id, task))
            {
                throw new TaskFileException($"{source}: task '{task.Id}': field 'id' is a duplicate; task ids must be unique.");
            }
        }

        foreach (var task in tasks)
        {
            foreach (var dependency in task.DependsOn)
            {
                if (dependency == task.Id)
                {
                    throw new TaskFileException($"{source}: task '{task.Id}': field 'depends_on' names the task itself.");
                }

                if (!byId.ContainsKey(dependency))
                {
                    throw new TaskFileException($"{source}: task '{task.Id}': field 'depends_on' names '{dependency}', which is not a task.");
                }
            }

            foreach (var pattern in task.WriteSet)
            {
                if (Path.IsPathRooted(pattern) || pattern.Split('/').Contains(".."))
                {
                    throw new TaskFileException($"{source}: task '{task.Id}': field 'write_set' entry '{pattern}' must be a relative path glob inside the repository.");
                }
            }
        }

        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (var task in tasks)
        {
            Visit(task);
        }

        void Visit(TeamTask task)
        {
            if (state.TryGetValue(task.Id, out var s))
            {
                if (s == 1)
                {
                    var cycle = path.SkipWhile(n => n != task.Id).Append(task.Id);
                    throw new TaskFileException($"{source}: task '{task.Id}': field 'depends_on' forms a cycle: {string.Join(" -> ", cycle)}.");
                }

                return;
            }

            state[task.Id] = 1;
            path.Add(task.Id);
            foreach (var dependency in task.DependsOn)
            {
                Visit(byId[dependency]);
            }

            path.RemoveAt(path.Count - 1);
            state[task.Id] = 2;
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdShape();
}
