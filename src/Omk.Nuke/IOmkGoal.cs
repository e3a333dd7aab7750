// Omk.Nuke: a Nuke build component, shipped as source and compiled against your own Nuke.Common.
//   class Build : NukeBuild, IOmkGoal { public static int Main() => Execute<Build>(x => ((IOmkGoal)x).OmkGoal); }
//   ./build.sh OmkGoal --omk-goal-text "add rate limiting to the API" --omk-goal-budget-time 30m --omk-goal-deliver branch
#nullable enable
using Nuke.Common;
using Omk.Nuke;

/// <summary>
/// Adds the <c>OmkGoal</c> target: runs a goal with the omk tool (<c>omk goal run</c>: plan, team of agents, integration,
/// the repository's gates, review, delivery) and fails the target unless the goal ends <c>ready</c>. Shares the omk
/// tool, gates folder and fail-on-not-ready parameters of <see cref="IOmkProof"/>.
/// </summary>
public interface IOmkGoal : IOmkProof
{
    /// <summary>The goal, with an observable outcome (a vague goal ends blocked_on_human with questions).</summary>
    [Parameter("Omk: the goal to run, with an observable outcome")]
    string? OmkGoalText => TryGetValue(() => OmkGoalText);

    /// <summary>A task file to use as the plan (no planner turn), relative to the repository root or absolute.</summary>
    [Parameter("Omk: a task file to use as the goal's plan (no planner turn)")]
    string? OmkGoalPlan => TryGetValue(() => OmkGoalPlan);

    /// <summary>Agents working at once (default 2).</summary>
    [Parameter("Omk: agents working at once on the goal (default 2)")]
    int OmkGoalAgents => TryGetValue<int?>(() => OmkGoalAgents) ?? 2;

    /// <summary>The agent: kimi (default), kimi-wire, or an ACP agent's command line.</summary>
    [Parameter("Omk: the agent, kimi (default), kimi-wire or an ACP agent's command line")]
    string? OmkGoalAgent => TryGetValue(() => OmkGoalAgent);

    /// <summary>The workers' approval policy: never (default), safe, yolo or pattern:REGEX.</summary>
    [Parameter("Omk: the workers' approval policy, never (default), safe, yolo or pattern:REGEX")]
    string? OmkGoalApproval => TryGetValue(() => OmkGoalApproval);

    /// <summary>Budget of active wall time, e.g. 30m.</summary>
    [Parameter("Omk: the goal's budget of active wall time, e.g. 30m")]
    string? OmkGoalBudgetTime => TryGetValue(() => OmkGoalBudgetTime);

    /// <summary>Budget of tokens of all agent turns.</summary>
    [Parameter("Omk: the goal's budget of tokens")]
    long? OmkGoalBudgetTokens => TryGetValue<long?>(() => OmkGoalBudgetTokens);

    /// <summary>Budget in USD (tokens at the price table's prices).</summary>
    [Parameter("Omk: the goal's budget in USD")]
    decimal? OmkGoalBudgetUsd => TryGetValue<decimal?>(() => OmkGoalBudgetUsd);

    /// <summary>none (default), branch (push omk/goal/&lt;id&gt; to origin) or pr (also a draft pull request).</summary>
    [Parameter("Omk: deliver the goal, none (default), branch or pr")]
    string? OmkGoalDeliver => TryGetValue(() => OmkGoalDeliver);

    /// <summary>Where the goal's worktrees go (default $XDG_STATE_HOME/omk/worktrees), e.g. a CI runner's temp folder.</summary>
    [Parameter("Omk: where the goal's worktrees go (default $XDG_STATE_HOME/omk/worktrees)")]
    string? OmkGoalWorktreeRoot => TryGetValue(() => OmkGoalWorktreeRoot);

    /// <summary>Runs the goal.</summary>
    Target OmkGoal => _ => _
        .Description("Run an Omk goal: plan, agents, integration, gates, review and delivery, with a proof")
        .Executes(() => OmkGoalRunner.Run(
            RootDirectory,
            new OmkGoalSettings
            {
                Goal = OmkGoalText,
                Plan = OmkGoalPlan,
                Agents = OmkGoalAgents,
                Agent = OmkGoalAgent,
                Approval = OmkGoalApproval,
                BudgetTime = OmkGoalBudgetTime,
                BudgetTokens = OmkGoalBudgetTokens,
                BudgetUsd = OmkGoalBudgetUsd,
                Deliver = OmkGoalDeliver,
                WorktreeRoot = OmkGoalWorktreeRoot,
                GatesDirectory = OmkGatesDirectory,
                FailOnNotReady = OmkFailOnNotReady,
                Tool = OmkTool,
            }));
}
