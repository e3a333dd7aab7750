namespace Omk.Goals;

/// <summary>A task's branch and the commit it was at when the goal took it.</summary>
public sealed record GoalBranch(string TaskId, string Branch, string Head);
