namespace Omk.Workspaces;

/// <summary>One task's git worktree: its branch, where it is, and the commit it started from.</summary>
public sealed record TaskWorkspace(string RunId, string TaskId, string Branch, string Path, string BaseCommit);
