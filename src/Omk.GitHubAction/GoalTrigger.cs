using System.Text.Json;

namespace Omk.GitHubAction;

/// <summary>
/// What asks for a goal: a <c>workflow_dispatch</c> with a <c>goal</c> input, an issue labelled with the goal label
/// (its title and body are the goal), or a <c>/omk GOAL</c> comment on an issue or pull request. <see cref="Issue"/>
/// is where replies and the status comment go (none for a dispatch).
/// </summary>
public sealed record GoalTrigger(string Source, string Goal, string Actor, int? Issue)
{
    public const string CommentCommand = "/omk";

    /// <summary>The trigger of the runner's event, or null with why there is nothing to do (another event, a bot's comment, no goal).</summary>
    public static (GoalTrigger? Trigger, string Why) Read(RunnerEnvironment env, string label)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (env.EventPath is not { } path || !File.Exists(path))
        {
            return (null, "the runner gave no event file");
        }

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var e = json.RootElement;
        var actor = env["GITHUB_ACTOR"] ?? Text(e, "sender", "login") ?? "unknown";
        switch (env.EventName)
        {
            case "workflow_dispatch":
                return Text(e, "inputs", "goal") is { Length: > 0 } goal
                    ? (new GoalTrigger("workflow_dispatch", goal.Trim(), actor, null), string.Empty)
                    : (null, "the workflow_dispatch has no 'goal' input");
            case "issues":
                if (Text(e, "action") != "labeled" || Text(e, "label", "name") != label)
                {
                    return (null, $"the issue event is not the '{label}' label being added");
                }

                var title = Text(e, "issue", "title") ?? string.Empty;
                var body = Text(e, "issue", "body") ?? string.Empty;
                return (new GoalTrigger("issue labelled " + label, $"{title.Trim()}\n\n{body.Trim()}".Trim(), actor, Number(e)), string.Empty);
            case "issue_comment":
                var text = (Text(e, "comment", "body") ?? string.Empty).Trim();
                if (Text(e, "action") != "created" || !text.StartsWith(CommentCommand, StringComparison.Ordinal)
                    || (text.Length > CommentCommand.Length && !char.IsWhiteSpace(text[CommentCommand.Length])))
                {
                    return (null, "the comment is not a /omk command");
                }

                // The action's own comments (and any bot's) never start a goal: no loops.
                if (Text(e, "comment", "user", "type") == "Bot" || text.Contains(GoalStatusComment.MarkerStart, StringComparison.Ordinal))
                {
                    return (null, "the comment was written by a bot");
                }

                var asked = text[CommentCommand.Length..].Trim();
                return asked.Length == 0
                    ? (null, "the /omk comment names no goal")
                    : (new GoalTrigger("/omk comment", asked, Text(e, "comment", "user", "login") ?? actor, Number(e)), string.Empty);
            default:
                return (null, $"the event {env.EventName ?? "(none)"} does not start goals (workflow_dispatch, issues labelled '{label}', issue_comment /omk)");
        }
    }

    private static int? Number(JsonElement e) =>
        e.TryGetProperty("issue", out var issue) && issue.TryGetProperty("number", out var n) && n.TryGetInt32(out var number) ? number : null;

    private static string? Text(JsonElement e, params string[] path)
    {
        foreach (var name in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e))
            {
                return null;
            }
        }

        return e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }
}
