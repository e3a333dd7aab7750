using System.Text.Json.Serialization;

namespace Omk.Goals;

/// <summary>
/// What <c>omk goal run --json</c> prints at the end (one object; a contract other front doors rely on):
/// <c>goal_id, status, reason, next, branch, commit, base, run_dir, proof_json, proof_md, pull_request_url</c>.
/// </summary>
public sealed record GoalResultJson(
    string GoalId,
    string Status,
    string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Next,
    string Branch,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Commit,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Base,
    string RunDir,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ProofJson,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ProofMd,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? PullRequestUrl)
{
    [JsonIgnore]
    public int ExitCode => GoalStatus.ExitCode(Status);
}
