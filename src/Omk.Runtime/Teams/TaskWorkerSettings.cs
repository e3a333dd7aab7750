using Omk.Agents;
using Omk.Agents.Approvals;
using Omk.Gates;
using Omk.Workspaces;

namespace Omk.Teams;

/// <summary>What every worker of a team run shares: the run, its worktrees, the repository's gates, the agent and its policy.</summary>
public sealed record TaskWorkerSettings
{
    public required string RunId { get; init; }

    /// <summary>The team run directory (<c>tasks/&lt;id&gt;/</c> go under it).</summary>
    public required string RunDirectory { get; init; }

    public required string BaseCommit { get; init; }

    public required WorktreePool Worktrees { get; init; }

    /// <summary>The repository's declared gates; a task's <c>gates</c> names some of them (default all).</summary>
    public required GateSet DeclaredGates { get; init; }

    /// <summary>Starts the agent for a worktree.</summary>
    public required Func<string, AgentLaunch> Agent { get; init; }

    public ApprovalPolicy Policy { get; init; } = ApprovalPolicy.Never;

    public int FixRounds { get; init; } = 2;

    public TokenPrice Price { get; init; } = TokenPrice.Default;

    public TimeSpan? TurnTimeout { get; init; }

    public TimeSpan GateTimeout { get; init; } = TimeSpan.FromMinutes(30);

    public ICodeGateLauncher? CodeGates { get; init; }

    /// <summary>Whether a task gate whose input key has a passed result in the repository's cache is reused (default true).</summary>
    public bool ReuseResults { get; init; } = true;

    /// <summary>Tasks without dependencies that have not started yet, in order: their worktrees are prepared ahead of their turn.</summary>
    public IReadOnlyList<string> Prefetch { get; init; } = [];

    /// <summary>How many prepared worktrees may wait to be taken (the number of workers).</summary>
    public int PrefetchDepth { get; init; } = 1;

    /// <summary>
    /// Stop the fix rounds when the gates report the same findings in two rounds in a row (status
    /// <see cref="TeamTaskStatus.NoProgress"/>) instead of asking the agent again.
    /// </summary>
    public bool StopWhenNoProgress { get; init; }

    /// <summary>Tasks that continue earlier work: where their worktrees start and what their agents are told (see <see cref="TaskContinuation"/>).</summary>
    public IReadOnlyDictionary<string, TaskContinuation> Continuations { get; init; } = new Dictionary<string, TaskContinuation>(StringComparer.Ordinal);

    /// <summary>Asked at every turn boundary before the budget: true ends the attempt there as <see cref="TeamTaskStatus.Paused"/>.</summary>
    public Func<bool>? PauseRequested { get; init; }

    /// <summary>
    /// Asked before every agent turn (the first and each fix turn), once the task's log is flushed: a refusal ends the
    /// attempt at that turn boundary as <see cref="TeamTaskStatus.NeedsMoreBudget"/> with its reason. Null: no budget.
    /// </summary>
    public Func<CancellationToken, ValueTask<Budgets.BudgetCheck>>? BeforeTurn { get; init; }
}
