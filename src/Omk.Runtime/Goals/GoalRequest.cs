using Omk.Teams;

namespace Omk.Goals;

/// <summary>A new goal: the sentence, an optional given plan, the base, the budget limits and how it runs.</summary>
public sealed record GoalRequest
{
    public required string Goal { get; init; }

    /// <summary>A given plan (<c>--plan</c>, <c>omk ultrawork --tasks</c>): no planner turn.</summary>
    public IReadOnlyList<TeamTask>? Plan { get; init; }

    public string? BaseRef { get; init; }

    public GoalSettings Settings { get; init; } = new();

    public long? BudgetSecs { get; init; }

    public long? BudgetTokens { get; init; }

    public decimal? BudgetUsd { get; init; }

    /// <summary><c>omk goal plan</c>: stop once the plan is made.</summary>
    public bool PlanOnly { get; init; }
}
