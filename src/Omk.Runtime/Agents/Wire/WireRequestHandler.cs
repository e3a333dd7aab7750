using System.Text.Json;
using System.Text.Json.Nodes;
using Omk.Agents.Approvals;
using Omk.Agents.Protocol;

namespace Omk.Agents.Wire;

/// <summary>
/// Answers the agent's <c>request</c>s (spec §1.6); an unanswered request blocks the turn, so every type gets an
/// answer: ApprovalRequest through the approval gate (policy, then the human channel; nobody answering rejects),
/// ToolCallRequest with an error (omk offers no external tools), QuestionRequest dismissed (<c>{}</c>), HookRequest
/// allowed, and any other type a JSON-RPC -32601 error.
/// </summary>
internal sealed class WireRequestHandler(ApprovalGate approvals)
{
    public async Task<JsonNode?> AnswerAsync(string type, JsonElement payload, string jsonRpcId, CancellationToken cancellationToken)
    {
        // The request's JSON-RPC id equals payload.id (the approval, tool-call or hook id).
        var id = WireJson.String(payload, "id") ?? jsonRpcId;
        switch (type)
        {
            case "ApprovalRequest":
                return await ApproveAsync(id, payload, cancellationToken).ConfigureAwait(false);
            case "ToolCallRequest":
                return new JsonObject
                {
                    ["tool_call_id"] = id,
                    ["return_value"] = new JsonObject
                    {
                        ["is_error"] = true,
                        ["output"] = string.Empty,
                        ["message"] = "omk has no external tools",
                        ["display"] = new JsonArray(),
                    },
                };
            case "QuestionRequest":
                return new JsonObject(); // dismissed: omk asks no questions on the agent's behalf
            case "HookRequest":
                return new JsonObject { ["request_id"] = id, ["action"] = "allow", ["reason"] = string.Empty };
            default:
                throw new JsonRpcException("request", -32601, $"omk does not handle the request type '{type}'");
        }
    }

    private async Task<JsonNode> ApproveAsync(string id, JsonElement payload, CancellationToken cancellationToken)
    {
        var tool = WireJson.String(payload, "sender") ?? "unknown";
        var request = new ApprovalRequest(id, tool, WireJson.String(payload, "action"), WireJson.String(payload, "description"), WireJson.String(payload, "tool_call_id"));
        ApprovalDecision decision;
        try
        {
            decision = await approvals.DecideAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            decision = new ApprovalDecision(ApprovalDecision.Reject, "error", $"omk could not decide ({ex.Message})");
        }

        var response = decision.Decision switch
        {
            ApprovalDecision.Approve or ApprovalDecision.ApproveForSession or ApprovalDecision.Reject => decision.Decision,
            _ => decision.Approved ? ApprovalDecision.Approve : ApprovalDecision.Reject,
        };
        var feedback = response == ApprovalDecision.Reject
            ? $"omk did not allow this {tool} call ({decision.DecidedBy}: {decision.Reason ?? "not approved"}). Do not retry it; go on without it or stop."
            : string.Empty;
        return new JsonObject { ["request_id"] = id, ["response"] = response, ["feedback"] = feedback };
    }
}
