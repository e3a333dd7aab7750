using Omk.Events.Payloads;

namespace Omk.Teams;

/// <summary>
/// Where a task of a new team run picks up work done before it (a goal's round after a pause, a cancel or a spent
/// budget): its worktree starts at the merge of <see cref="From"/> (the task's earlier branch head, or the branches of
/// finished tasks it depended on) and of its dependencies in this run, instead of the run's base; its changes (the
/// write-set check, the changed files) are counted from <see cref="ChangesSince"/> when given; and its first prompt
/// carries <see cref="Notes"/>. Recorded in the team log with the task's definition, so a resume needs nothing else.
/// </summary>
public sealed record TaskContinuation(IReadOnlyList<string> From)
{
    /// <summary>The commit the task's changes are counted from (the start of the earlier work), or null for the start commit.</summary>
    public string? ChangesSince { get; init; }

    /// <summary>What the agent is told about the earlier work (where it stopped, what its last gate round found).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>A task's definition as <c>task_accepted</c> (and a goal's round) records it, with where it continues from.</summary>
    public static TeamTaskAcceptedPayload Definition(TeamTask task, TaskContinuation? continuation) =>
        new(task.Id, task.Title, task.Prompt, task.DependsOn, task.WriteSet, task.Acceptance, task.Gates)
        {
            ContinueFrom = continuation?.From,
            ChangesSince = continuation?.ChangesSince,
            ContinueNotes = continuation is { Notes.Count: > 0 } ? continuation.Notes : null,
        };

    /// <summary>Where a recorded task continues from, or null when it starts fresh.</summary>
    public static TaskContinuation? Of(TeamTaskAcceptedPayload definition) =>
        definition.ContinueFrom is { Count: > 0 } from
            ? new TaskContinuation(from) { ChangesSince = definition.ChangesSince, Notes = definition.ContinueNotes ?? [] }
            : null;
}
