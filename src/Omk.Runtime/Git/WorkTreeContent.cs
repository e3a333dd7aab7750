namespace Omk.Git;

/// <summary>
/// What a work tree holds, by content: the git tree of its files as they are on disk (committed, modified and untracked,
/// ignored files left out), its top level, and the repository's common git directory (the same for all its worktrees).
/// </summary>
public sealed record WorkTreeContent(string TopLevel, string CommonDirectory, string Tree);
