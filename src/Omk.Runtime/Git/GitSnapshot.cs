namespace Omk.Git;

/// <summary>What a run records about the repository when it starts.</summary>
public sealed record GitSnapshot(
    string TopLevel,
    string? Commit,
    string? Branch,
    bool Dirty,
    string? Base,
    string? BaseCommit,
    IReadOnlyList<GitChange> Changes);
