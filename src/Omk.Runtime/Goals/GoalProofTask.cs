namespace Omk.Goals;

/// <summary>A task of the goal in its proof: the round that ran it, its team run, status, branch, head and task proof.</summary>
public sealed record GoalProofTask(string Id, string Title, int Round, string Kind, string Status)
{
    public string? TeamRunId { get; init; }

    public string? Branch { get; init; }

    public string? Head { get; init; }

    public string? Proof { get; init; }

    /// <summary>For a task that continued stopped work: the earlier branch and the commit it continued from (<c>branch@head</c>).</summary>
    public string? ContinuedFrom { get; init; }

    public string? Error { get; init; }

    public long Tokens { get; init; }
}
