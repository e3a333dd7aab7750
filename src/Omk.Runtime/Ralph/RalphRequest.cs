using Omk.Budgets;
using Omk.Teams;

namespace Omk.Ralph;

/// <summary>
/// <c>omk ralph</c>: one prompt, one agent in a worktree of its own, the repository's declared gates judging each round,
/// up to <see cref="MaxRounds"/> rounds within <see cref="Budget"/>. <see cref="Team"/> carries everything a team run
/// needs (repository, gates, agent, policy, worktree root); its tasks and options are replaced by ralph's.
/// </summary>
public sealed record RalphRequest
{
    public required string Prompt { get; init; }

    public required TeamRunRequest Team { get; init; }

    /// <summary>Agent turns judged by the gates: the first and up to <c>MaxRounds - 1</c> fix turns (default 10).</summary>
    public int MaxRounds { get; init; } = 10;

    public BudgetLimits Budget { get; init; } = BudgetLimits.Unlimited;
}
