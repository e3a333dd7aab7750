using System.Text;
using System.Text.Json;

namespace Omk.Agents.Wire;

/// <summary>
/// Tool calls of the current turn: <c>ToolCall</c> starts one (its arguments may be null), <c>ToolCallPart</c>s add
/// fragments of the last call's argument JSON, <c>ToolResult</c> completes or fails it. Each step becomes an
/// <see cref="AgentToolCall"/> with the tool, the arguments so far and the paths they name.
/// </summary>
internal sealed class WireToolCalls
{
    private static readonly HashSet<string> PathFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "path", "paths", "file", "files", "file_path", "file_paths", "filepath", "filename", "target_file",
    };

    private readonly Dictionary<string, (string? Tool, StringBuilder Arguments)> _calls = new(StringComparer.Ordinal);
    private string? _last;
    private int _unnamed;

    public void Reset()
    {
        _calls.Clear();
        _last = null;
    }

    public AgentToolCall Started(JsonElement payload)
    {
        var id = WireJson.String(payload, "id") ?? $"wire-call-{++_unnamed}";
        var function = WireJson.Property(payload, "function");
        var tool = WireJson.String(function, "name");
        var arguments = new StringBuilder(WireJson.String(function, "arguments") ?? string.Empty);
        _calls[id] = (tool, arguments);
        _last = id;
        return Update(id, "pending");
    }

    /// <summary>Adds a fragment to the last call; null when there is no call to add it to.</summary>
    public AgentToolCall? Part(JsonElement payload)
    {
        if (_last is null || !_calls.TryGetValue(_last, out var call))
        {
            return null;
        }

        call.Arguments.Append(WireJson.String(payload, "arguments_part"));
        return Update(_last, "pending");
    }

    public AgentToolCall Finished(JsonElement payload)
    {
        var id = WireJson.String(payload, "tool_call_id") ?? _last ?? $"wire-call-{++_unnamed}";
        var failed = WireJson.Bool(WireJson.Property(payload, "return_value"), "is_error");
        if (!_calls.ContainsKey(id))
        {
            _calls[id] = (null, new StringBuilder());
        }

        return Update(id, failed ? "failed" : "completed");
    }

    private AgentToolCall Update(string id, string status)
    {
        var (tool, arguments) = _calls[id];
        var input = arguments.Length == 0 ? null : arguments.ToString();
        return new AgentToolCall(id, tool, Kind(tool), status, input, Paths(input));
    }

    /// <summary>kimi-cli 1.x tool names, in ACP's kinds.</summary>
    private static string? Kind(string? tool) => tool switch
    {
        "Shell" => "execute",
        "ReadFile" or "ReadMediaFile" => "read",
        "WriteFile" or "StrReplaceFile" => "edit",
        "Glob" or "Grep" or "SearchWeb" => "search",
        "FetchURL" => "fetch",
        "SetTodoList" or "Think" => "think",
        null => null,
        _ => "other",
    };

    /// <summary>String values of path/file fields anywhere in the arguments, once the argument JSON is complete.</summary>
    private static IReadOnlyList<string> Paths(string? input)
    {
        if (input is null)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(input);
            var paths = new List<string>();
            Collect(document.RootElement, paths);
            return paths;
        }
        catch (JsonException)
        {
            return []; // still streaming, or not JSON
        }
    }

    private static void Collect(JsonElement element, List<string> paths)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (PathFields.Contains(property.Name))
                    {
                        AddStrings(property.Value, paths);
                    }
                    else
                    {
                        Collect(property.Value, paths);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, paths);
                }

                break;
        }
    }

    private static void AddStrings(JsonElement value, List<string> paths)
    {
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } path && !paths.Contains(path))
        {
            paths.Add(path);
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                AddStrings(item, paths);
            }
        }
    }
}
