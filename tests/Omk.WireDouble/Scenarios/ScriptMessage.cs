using System.Text.Json.Nodes;

namespace Omk.WireDouble.Scenarios;

/// <summary>
/// One message the agent side sends during a turn, as recorded: <c>event</c> or <c>request</c>, its
/// <c>params.type</c> and its payload (placeholders such as <c>&lt;uuid&gt;</c> still in it).
/// </summary>
internal sealed record ScriptMessage(string Method, string Type, JsonNode? Payload)
{
    public bool IsEvent => Method == "event";

    public bool IsRequest => Method == "request";

    public static ScriptMessage Event(string type, JsonNode? payload) => new("event", type, payload);

    public static ScriptMessage Request(string type, JsonNode? payload) => new("request", type, payload);
}
