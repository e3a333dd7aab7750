namespace Omk.Workspaces;

/// <summary>The branches a task depends on do not merge cleanly; <see cref="Paths"/> are the conflicting files.</summary>
public sealed class MergeConflictException : Exception
{
    public MergeConflictException(string message, IReadOnlyList<string> paths)
        : base(message) => Paths = paths;

    public MergeConflictException()
        : this("merge conflict", [])
    {
    }

    public MergeConflictException(string message)
        : this(message, [])
    {
    }

    public MergeConflictException(string message, Exception inner)
        : base(message, inner) => Paths = [];

    public IReadOnlyList<string> Paths { get; }
}
