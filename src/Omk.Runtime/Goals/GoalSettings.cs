namespace Omk.Goals;

/// <summary>How a goal runs, recorded at its start so a resume needs nothing else.</summary>
public sealed record GoalSettings
{
    public int Agents { get; init; } = 2;

    public string Driver { get; init; } = "acp";

    public string Agent { get; init; } = "kimi";

    public string Approval { get; init; } = "never";

    public int FixRounds { get; init; } = 2;

    /// <summary><c>none</c>, <c>branch</c> or <c>pr</c>.</summary>
    public string Deliver { get; init; } = "none";

    /// <summary>False for <c>omk ultrawork</c>: a given plan, no reviewer.</summary>
    public bool Review { get; init; } = true;

    public string? PlanFile { get; init; }

    public string? WorktreeRoot { get; init; }

    public string? GatesDir { get; init; }

    public string? GitHubApiUrl { get; init; }

    public string? Remote { get; init; } = "origin";

    /// <summary>The branch a pull request targets (the base ref's branch, else the branch checked out at the start).</summary>
    public string? BaseBranch { get; init; }
}
