using System.Text.Json;

namespace Omk.Agents.Protocol;

/// <summary>A request or notification the agent sent: method, params, and the id to answer (null for notifications).</summary>
public sealed record JsonRpcMessage(string Method, JsonElement Params, JsonElement? Id)
{
    public bool IsRequest => Id is not null;
}
