namespace Omk.Teams;

/// <summary>
/// A team run's proof (<c>proof.json</c>): the verdict (<c>ready</c> when every task completed and was verified;
/// <c>failed</c>, <c>blocked_on_human</c>, <c>cancelled</c>, or <c>not_ready</c> while tasks are unfinished), a one-line
/// summary, and every task with its status, branch, commit, attempts, gate results and tokens.
/// </summary>
public sealed record TeamProof(
    string RunId,
    string Status,
    string Summary,
    DateTimeOffset GeneratedAt,
    string? BaseCommit,
    double? ElapsedSecs,
    IReadOnlyList<TeamTaskView> Tasks,
    long InputTokens,
    long OutputTokens,
    decimal CostUsd)
{
    public string Mode { get; init; } = "team";

    /// <summary>Where the run is; set in the result a front door prints, not in <c>proof.json</c>.</summary>
    public string? RunDir { get; init; }

    /// <summary>The exit code the verdict maps to (front doors' result only).</summary>
    public int? ExitCode { get; init; }
}
