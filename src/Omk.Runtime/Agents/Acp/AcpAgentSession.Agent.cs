using System.Text.Json;
using System.Text.Json.Nodes;
using Omk.Agents.Approvals;
using Omk.Agents.Protocol;

namespace Omk.Agents.Acp;

/// <summary>What the agent sends on its own: notifications, requests (permissions), and its session log.</summary>
public sealed partial class AcpAgentSession
{
    private void OnNotification(JsonRpcMessage message)
    {
        var update = message.Method == "session/update" && message.Params.ValueKind == JsonValueKind.Object && message.Params.TryGetProperty("update", out var u)
            ? _translator.Translate(u)
            : new AgentNote(message.Method, message.Params);
        Publish(update, _turn);
    }

    /// <summary>Adds the update to the running turn (if any) and hands it to the caller; a failing handler never stops the reader.</summary>
    private void Publish(AgentUpdate update, AcpTurnState? turn)
    {
        turn?.Add(update);
        try
        {
            _options.OnUpdate?.Invoke(update);
        }
#pragma warning disable CA1031 // The handler is the caller's code; its failure must not end the protocol reader.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _options.Transcript.Record("note", $"omk: an update handler failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task<JsonNode?> AnswerAsync(JsonRpcMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != "session/request_permission")
        {
            throw new JsonRpcException(request.Method, -32601, $"Method not found: {request.Method} (omk does not offer it to agents)");
        }

        return await AnswerPermissionAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>session/request_permission</c> → the approval gate (which records <c>approval_requested</c> and
    /// <c>approval_decided</c>) → the option of the matching kind: approve → <c>allow_once</c>, approve for the session
    /// → <c>allow_always</c> (else <c>allow_once</c>), reject → <c>reject_once</c> (else <c>reject_always</c>). With no
    /// such option, or when the turn is cancelled meanwhile, the outcome is <c>cancelled</c> (the tool does not run).
    /// </summary>
    private async Task<JsonNode?> AnswerPermissionAsync(JsonRpcMessage request, CancellationToken connectionStop)
    {
        if (_inputClosed)
        {
            // A single-turn session's turn is over: nothing more runs, and no approval is asked or recorded.
            return Outcome(null);
        }

        var parameters = request.Params;
        var toolCall = parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("toolCall", out var t) ? t : default;
        var toolCallId = AcpJson.String(toolCall, "toolCallId");
        var known = toolCallId is null ? null : _translator.ToolCall(toolCallId);
        var approval = new ApprovalRequest(
            $"{SessionId}/{request.Id!.Value.GetRawText().Trim('"')}",
            AcpJson.String(toolCall, "title") ?? known?.Tool ?? "unknown",
            known?.Input,
            AcpJson.ContentText(toolCall),
            toolCallId);

        ApprovalDecision decision;
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(connectionStop, _turnStop);
            decision = await _options.Approvals.DecideAsync(approval, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return Outcome(null);
        }

        string[] kinds = decision.Decision switch
        {
            ApprovalDecision.Approve => ["allow_once"],
            ApprovalDecision.ApproveForSession => ["allow_always", "allow_once"],
            _ => ["reject_once", "reject_always"],
        };
        var options = parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("options", out var o) && o.ValueKind == JsonValueKind.Array
            ? o.EnumerateArray().ToList()
            : [];
        var optionId = kinds
            .Select(kind => options.FirstOrDefault(option => AcpJson.String(option, "kind") == kind))
            .Select(option => AcpJson.String(option, "optionId"))
            .FirstOrDefault(id => id is not null);
        return Outcome(optionId);
    }

    private static JsonObject Outcome(string? optionId) => new()
    {
        ["outcome"] = optionId is null
            ? new JsonObject { ["outcome"] = "cancelled" }
            : new JsonObject { ["outcome"] = "selected", ["optionId"] = optionId },
    };

    /// <summary>Reads the session log during the turn, so token usage arrives while the turn runs.</summary>
    private async Task PollLogAsync(AcpTurnState turn, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(_settings.SessionLogPollInterval, stop).ConfigureAwait(false);
                Apply(turn, _log!.ReadNew());
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// After the prompt is answered: reads the session log until it records the turn's end (Kimi writes it just
    /// after answering), then turns a logged failure into a <c>failed</c> turn with the provider's message.
    /// </summary>
    private async Task<(string StopReason, string? Failure)> SettleAsync(AcpTurnState turn, string stopReason, string? failure)
    {
        if (_log is null)
        {
            return (stopReason, failure);
        }

        // Kimi logs the turn's end a few ms after answering; once it has exited, one more read has all it wrote.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var exited = _exited.Task.IsCompleted;
            Apply(turn, _log.ReadNew());
            if (turn.LogEnd is not null || exited || stopReason == "crashed" || waited.Elapsed >= _settings.SessionLogSettleTimeout)
            {
                break;
            }

            await Task.WhenAny(Task.Delay(TimeSpan.FromMilliseconds(15)), _exited.Task).ConfigureAwait(false);
        }

        if (_log.SessionDirectory is null)
        {
            var note = new JsonObject { ["searched"] = _log.SearchedFor, ["session_id"] = SessionId };
            using var document = JsonDocument.Parse(note.ToJsonString());
            Publish(new AgentNote("omk.session_log_missing", document.RootElement.Clone()), turn);
        }

        if (turn.LogEnd is { Reason: "failed" } end && stopReason is "end_turn" or "failed")
        {
            var logged = end.ErrorMessage is null
                ? "The agent's session log records the turn as failed."
                : $"The agent's turn failed{(end.ErrorCode is null ? string.Empty : $" ({end.ErrorCode})")}: {end.ErrorMessage}";
            return ("failed", failure ?? logged);
        }

        return (stopReason, failure);
    }

    private void Apply(AcpTurnState turn, IReadOnlyList<KimiLogEntry> entries)
    {
        foreach (var entry in entries)
        {
            switch (entry)
            {
                case KimiUsageEntry usage:
                    Publish(new AgentUsage(usage.Usage), turn);
                    break;
                case KimiTurnEnded end:
                    turn.Ended(end);
                    break;
            }
        }
    }
}
