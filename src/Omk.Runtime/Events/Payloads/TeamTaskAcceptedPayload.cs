namespace Omk.Events.Payloads;

/// <summary>
/// <c>task_accepted</c> at a team run's start: the whole task definition, so the run can be resumed from its log alone;
/// for a task that continues earlier work, where it continues from (<c>continue_from</c>, <c>changes_since</c>,
/// <c>continue_notes</c>).
/// </summary>
public sealed record TeamTaskAcceptedPayload(
    string TaskId,
    string Title,
    string Prompt,
    IReadOnlyList<string>? DependsOn = null,
    IReadOnlyList<string>? WriteSet = null,
    IReadOnlyList<string>? Acceptance = null,
    IReadOnlyList<string>? Gates = null)
{
    /// <summary>Commits the task's worktree starts from (merged) instead of the run's base: the work it continues.</summary>
    public IReadOnlyList<string>? ContinueFrom { get; init; }

    /// <summary>The commit the task's changes are counted from when it continues earlier work.</summary>
    public string? ChangesSince { get; init; }

    /// <summary>What the task's agent is told about the earlier work.</summary>
    public IReadOnlyList<string>? ContinueNotes { get; init; }
}
