namespace Omk.GitHubAction;

/// <summary>The <c>report</c> input: where the proof goes besides the job summary.</summary>
public static class ReportMode
{
    /// <summary>The sticky pull request comment and workflow-command annotations (at most 10 of a kind).</summary>
    public const string Comment = "comment";

    /// <summary>A check run with the verdict as conclusion and every finding as an annotation.</summary>
    public const string Check = "check";

    public const string Both = "both";
}
