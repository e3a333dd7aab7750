namespace Omk.Teams;

/// <summary>Where an attempt works: its branch, its worktree and the commit it started from.</summary>
public sealed record TaskStart(string Branch, string Worktree, string StartCommit);
