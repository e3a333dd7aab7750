using System.Text.Json;
using System.Text.Json.Nodes;
using Omk.Agents.Protocol;

namespace Omk.Agents.Wire;

/// <summary>What the agent sends: events become updates, requests are answered, every update reaches the turn and the observer.</summary>
public sealed partial class WireAgentSession
{
    private void OnNotification(JsonRpcMessage message)
    {
        var parameters = WireJson.OrNull(message.Params);
        if (message.Method != "event")
        {
            Publish(new AgentNote(message.Method, parameters));
            return;
        }

        var type = WireJson.String(parameters, "type");
        var updates = new List<AgentUpdate>(2);
        lock (_lock)
        {
            if (type is null)
            {
                updates.Add(new AgentNote("event", parameters));
            }
            else
            {
                _translator.Translate(type, WireJson.Property(parameters, "payload"), updates);
            }
        }

        foreach (var update in updates)
        {
            Publish(update);
        }
    }

    private Task<JsonNode?> OnRequestAsync(JsonRpcMessage message, CancellationToken cancellationToken)
    {
        var parameters = WireJson.OrNull(message.Params);
        if (message.Method != "request")
        {
            Publish(new AgentNote(message.Method, parameters));
            throw new JsonRpcException(message.Method, -32601, $"Unexpected method received: {message.Method}");
        }

        var type = WireJson.String(parameters, "type") ?? "request";
        Publish(new AgentNote(type, WireJson.Property(parameters, "payload")));
        if (Volatile.Read(ref _replaying) == 1)
        {
            // A replayed request was answered when it happened: a cancelled handler sends no answer.
            return Task.FromCanceled<JsonNode?>(new CancellationToken(canceled: true));
        }

        var id = message.Id is { ValueKind: JsonValueKind.String } s ? s.GetString()! : message.Id?.GetRawText() ?? string.Empty;
        return _requests.AnswerAsync(type, WireJson.Property(parameters, "payload"), id, cancellationToken);
    }

    private void Publish(AgentUpdate update)
    {
        lock (_lock)
        {
            _turn?.Apply(update);
        }

        try
        {
            _options.OnUpdate?.Invoke(update);
        }
        catch (Exception ex)
        {
            // An observer that throws must not end the session (its read loop calls this): record it and go on.
            _options.Transcript.Record("note", new JsonObject { ["event"] = "on_update_failed", ["update"] = update.GetType().Name, ["error"] = ex.Message }.ToJsonString());
        }
    }
}
