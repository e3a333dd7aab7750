using System.Text.Json.Nodes;

namespace Omk.WireDouble.Scenarios;

/// <summary>
/// What the agent does for one <c>prompt</c>: the messages it sends, in order, then the answer to the prompt
/// (<c>{"result":…}</c> or <c>{"error":…}</c>, as recorded; <c>{"result":{"status":"finished"}}</c> when the
/// recording implies a normal end).
/// </summary>
internal sealed record ScriptTurn(IReadOnlyList<ScriptMessage> Messages, JsonObject Response)
{
    public static JsonObject Finished => new() { ["result"] = new JsonObject { ["status"] = "finished" } };

    /// <summary>The user input the recording shows for this turn (the first TurnBegin's, when it is a string).</summary>
    public string? UserInput =>
        Messages.FirstOrDefault(m => m.IsEvent && m.Type == "TurnBegin")?.Payload?["user_input"] is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : null;

    public IEnumerable<ScriptMessage> Events => Messages.Where(m => m.IsEvent);

    public IEnumerable<ScriptMessage> Requests => Messages.Where(m => m.IsRequest);

    /// <summary>The prompt's result status (<c>finished</c>, <c>cancelled</c>, <c>max_steps_reached</c>), or null when it fails.</summary>
    public string? ResultStatus => Response["result"]?["status"]?.GetValue<string>();

    public int? ErrorCode => Response["error"]?["code"]?.GetValue<int>();

    public string? ErrorMessage => Response["error"]?["message"]?.GetValue<string>();
}
