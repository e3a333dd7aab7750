namespace Omk.Teams;

/// <summary>How each task of a team ended (its last attempt's result, or why it never ran), and whether the run was cancelled or paused.</summary>
public sealed record TeamOutcome(IReadOnlyDictionary<string, TaskResult> Tasks, bool Cancelled, bool Paused = false);
