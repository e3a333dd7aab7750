using System.Text.Json;

namespace Omk.Goals;

/// <summary>
/// The reviewer's answer: <c>{"verdict":"approve"|"request_changes","findings":[{"file","line","message"}],
/// "approve_sensitive":[paths]}</c>. An answer that is not that is a request for changes naming the problem.
/// </summary>
public sealed record GoalReviewAnswer(string Verdict, IReadOnlyList<GoalReviewFinding> Findings)
{
    public const string Approve = "approve";
    public const string RequestChanges = "request_changes";

    public IReadOnlyList<string> ApproveSensitive { get; init; } = [];

    public static GoalReviewAnswer Parse(string answer)
    {
        var (json, problem) = FencedJson.Extract(answer);
        if (json is null)
        {
            return Unreadable(problem!);
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var verdict = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("verdict", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (verdict is not (Approve or RequestChanges))
            {
                return Unreadable($"'verdict' is {(verdict is null ? "missing" : "'" + verdict + "'")}, not approve or request_changes");
            }

            var findings = new List<GoalReviewFinding>();
            if (root.TryGetProperty("findings", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var f in list.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.Object))
                {
                    findings.Add(new GoalReviewFinding(
                        f.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.String ? file.GetString() : null,
                        f.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Number && line.TryGetInt32(out var n) ? n : null,
                        f.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString()! : f.GetRawText()));
                }
            }

            var sensitive = root.TryGetProperty("approve_sensitive", out var s) && s.ValueKind == JsonValueKind.Array
                ? s.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!).ToList()
                : [];
            return new GoalReviewAnswer(verdict, findings) { ApproveSensitive = sensitive };
        }
        catch (JsonException ex)
        {
            return Unreadable("not valid JSON: " + ex.Message);
        }
    }

    private static GoalReviewAnswer Unreadable(string why) =>
        new(RequestChanges, [new GoalReviewFinding(null, null, "the reviewer's answer could not be read: " + why)]);
}
