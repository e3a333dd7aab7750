namespace Omk.Workspaces;

/// <summary>
/// What <see cref="WorktreePool.CheckpointAsync"/> did with an interrupted task's worktree: the branch head afterwards
/// (null when the branch does not exist), whether uncommitted changes were committed as a checkpoint, and why the
/// worktree was kept (null when it was removed or did not exist).
/// </summary>
public sealed record WorktreeCheckpoint(string? Head, bool Committed, string? Kept);
