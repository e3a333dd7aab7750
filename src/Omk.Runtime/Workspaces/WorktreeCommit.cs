namespace Omk.Workspaces;

/// <summary>What a task's branch holds after its work was committed: the head, and every file changed since the base.</summary>
public sealed record WorktreeCommit(string Head, IReadOnlyList<string> ChangedFiles);
