namespace Omk.GitHubAction;

/// <summary>Every output of <c>action.yml</c>, written to <c>$GITHUB_OUTPUT</c> by the program (a test checks the two agree).</summary>
public static class ActionOutputs
{
    public const string Verdict = "verdict";
    public const string Summary = "summary";
    public const string RunDir = "run-dir";
    public const string ProofJson = "proof-json";
    public const string ProofMd = "proof-md";
    public const string CommentId = "comment-id";
    public const string CommentUrl = "comment-url";
    public const string ShardDir = "shard-dir";
    public const string CheckRunUrl = "check-run-url";
    public const string GoalId = "goal-id";
    public const string GoalStatus = "goal-status";
    public const string PullRequestUrl = "pull-request-url";
    public const string Bundle = "bundle";

    public static IReadOnlyList<(string Name, string Description)> All { get; } =
    [
        (Verdict, "ready, not_ready, failed or partial (error when the gates could not be loaded and nothing ran)."),
        (Summary, "The proof's one-line summary."),
        (RunDir, "The run directory: events.jsonl, proof.json, proof.md and the gate logs (upload it as an artifact)."),
        (ProofJson, "Path of proof.json."),
        (ProofMd, "Path of proof.md (the Markdown of the comment and the job summary)."),
        (CommentId, "Id of the sticky pull request comment, when there is one."),
        (CommentUrl, "URL of the sticky pull request comment, when there is one."),
        (ShardDir, "shard input: a folder holding this shard's partial proof, to upload as an artifact with a unique name."),
        (CheckRunUrl, "report: check or both: URL of the proof's check run, when it was created."),
        (GoalId, "goal modes: the goal's id."),
        (GoalStatus, "goal modes: the goal's status (ready, not_ready, failed, blocked...), or ignored (no goal in the event) or refused (the user may not start goals)."),
        (PullRequestUrl, "goal-publish mode: the draft pull request."),
        (Bundle, "goal mode: the git bundle of the goal's commits, in the folder to upload (empty when it made none)."),
    ];
}
