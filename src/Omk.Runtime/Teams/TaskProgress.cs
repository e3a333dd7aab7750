namespace Omk.Teams;

/// <summary>
/// What is known of a task when a run starts or resumes: its status, attempts made, the findings of the last one,
/// its branch, and the start commit of an unfinished attempt whose worktree is kept.
/// </summary>
public sealed record TaskProgress(string Status, int Attempts = 0)
{
    public static TaskProgress New { get; } = new(TeamTaskStatus.Pending);

    public IReadOnlyList<string> Findings { get; init; } = [];

    public string? Branch { get; init; }

    public string? RecordedStart { get; init; }
}
