using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omk.WireDouble;

/// <summary>
/// The answers the client must send to the agent's requests (spec §1.6), checked field by field. Returns the
/// problems found; none means the answer has the shape kimi-cli's server validates.
/// </summary>
internal static class AnswerChecks
{
    public static List<string> Check(string requestType, string id, JsonObject answer)
    {
        var problems = new List<string>();
        if (answer["jsonrpc"]?.GetValue<string>() != "2.0")
        {
            problems.Add("jsonrpc is not \"2.0\"");
        }

        if (answer["id"] is not JsonValue idValue || idValue.GetValueKind() != JsonValueKind.String || idValue.GetValue<string>() != id)
        {
            problems.Add($"id is not the string \"{id}\"");
        }

        var known = requestType is "ApprovalRequest" or "ToolCallRequest" or "QuestionRequest" or "HookRequest";
        if (!known)
        {
            if (answer["error"]?["code"]?.GetValue<int>() != -32601)
            {
                problems.Add($"an unknown request type ({requestType}) must be answered with error -32601");
            }

            return problems;
        }

        if (answer["result"] is not JsonObject result)
        {
            problems.Add("no result object" + (answer["error"] is { } error ? $" (error {error.ToJsonString()})" : string.Empty));
            return problems;
        }

        switch (requestType)
        {
            case "ApprovalRequest":
                Expect(problems, result, "request_id", id);
                OneOf(problems, result, "response", "approve", "approve_for_session", "reject");
                OptionalString(problems, result, "feedback");
                if (Text(result, "response") == "reject" && string.IsNullOrEmpty(Text(result, "feedback")))
                {
                    problems.Add("a rejection should explain itself in feedback");
                }

                break;
            case "ToolCallRequest":
                Expect(problems, result, "tool_call_id", id);
                if (result["return_value"] is not JsonObject value)
                {
                    problems.Add("return_value is not an object");
                    break;
                }

                if (value["is_error"] is not JsonValue isError || isError.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problems.Add("return_value.is_error is not a boolean");
                }

                var output = value["output"];
                if (output is not JsonArray && (output is not JsonValue o || o.GetValueKind() != JsonValueKind.String))
                {
                    problems.Add("return_value.output is neither a string nor a list of content parts");
                }

                if (value["message"] is not JsonValue m || m.GetValueKind() != JsonValueKind.String)
                {
                    problems.Add("return_value.message is not a string");
                }

                if (value["display"] is not JsonArray)
                {
                    problems.Add("return_value.display is not a list");
                }

                break;
            case "QuestionRequest":
                // {} dismisses; otherwise {request_id, answers:{question: label}}.
                if (result.Count > 0)
                {
                    Expect(problems, result, "request_id", id);
                    if (result["answers"] is not JsonObject)
                    {
                        problems.Add("answers is not an object");
                    }
                }

                break;
            case "HookRequest":
                Expect(problems, result, "request_id", id);
                OneOf(problems, result, "action", "allow", "block");
                OptionalString(problems, result, "reason");
                break;
        }

        return problems;
    }

    private static string? Text(JsonObject o, string name) =>
        o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static void Expect(List<string> problems, JsonObject o, string name, string expected)
    {
        if (Text(o, name) != expected)
        {
            problems.Add($"{name} is not \"{expected}\"");
        }
    }

    private static void OneOf(List<string> problems, JsonObject o, string name, params string[] allowed)
    {
        if (Text(o, name) is not { } value || !allowed.Contains(value))
        {
            problems.Add($"{name} is not one of {string.Join('|', allowed)}");
        }
    }

    private static void OptionalString(List<string> problems, JsonObject o, string name)
    {
        if (o[name] is { } value && (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
        {
            problems.Add($"{name} is not a string");
        }
    }
}
