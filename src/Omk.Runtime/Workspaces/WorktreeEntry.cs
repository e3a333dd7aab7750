namespace Omk.Workspaces;

/// <summary>
/// One worktree Omk made (or a directory under its worktree root that git does not know): run, task, branch, path,
/// whether it is clean, its size on disk, when it last changed, and why it must be kept (null when it may be pruned).
/// </summary>
public sealed record WorktreeEntry(
    string RunId,
    string TaskId,
    string? Branch,
    string Path,
    bool Registered,
    bool Clean,
    long SizeBytes,
    DateTimeOffset LastModified,
    string? KeepReason);
