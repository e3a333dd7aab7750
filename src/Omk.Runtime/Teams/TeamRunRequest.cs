using Omk.Agents.Approvals;
using Omk.Events.Payloads;
using Omk.Gates;

namespace Omk.Teams;

/// <summary>What a team run (or its resume) needs: the repository, the tasks, the agent and policy, the limits, the gates.</summary>
public sealed record TeamRunRequest
{
    public required string RepoRoot { get; init; }

    public string? StateRoot { get; init; }

    public IReadOnlyList<TeamTask> Tasks { get; init; } = [];

    public string? TasksFile { get; init; }

    /// <summary>The commit tasks without dependencies start from (default HEAD).</summary>
    public string? BaseRef { get; init; }

    public TeamOptions Options { get; init; } = new();

    /// <summary>The agent by name (<c>kimi</c>, <c>kimi-wire</c>, or an ACP agent's command line) and its driver, as recorded for resume.</summary>
    public string Agent { get; init; } = "kimi";

    public string Driver { get; init; } = "acp";

    public ApprovalPolicy Policy { get; init; } = ApprovalPolicy.Never;

    /// <summary>Where worktrees go (default <c>$XDG_STATE_HOME/omk/worktrees</c>).</summary>
    public string? WorktreeRoot { get; init; }

    public GateSet DeclaredGates { get; init; } = GateSet.Empty("none");

    /// <summary>Starts the agent for a worktree.</summary>
    public required Func<string, AgentLaunch> AgentLauncher { get; init; }

    public ICodeGateLauncher? CodeGates { get; init; }

    /// <summary>Whether a task gate whose input key has a passed result in the repository's cache is reused (<c>--no-reuse</c>: false).</summary>
    public bool ReuseResults { get; init; } = true;

    public TimeSpan? TurnTimeout { get; init; }

    /// <summary>What the run is, as <c>run_started</c> records it: <c>team</c>, or <c>ralph</c> for <c>omk ralph</c>'s one-task loop.</summary>
    public string Mode { get; init; } = "team";

    /// <summary>The run's budget, recorded in <c>run_started</c>; every agent turn is checked against the ledger folded from the log.</summary>
    public Budgets.BudgetLimits Budget { get; init; } = Budgets.BudgetLimits.Unlimited;

    /// <summary>
    /// Asked before every agent turn instead of the team log's own ledger (a goal checks its whole budget here: its
    /// log, its earlier rounds' task logs). Null: the ledger folded from this run's log and task logs.
    /// </summary>
    public Func<CancellationToken, ValueTask<Budgets.BudgetCheck>>? BeforeTurn { get; init; }

    /// <summary>Tasks that continue earlier work (a goal's round after a pause, a cancel or a spent budget), by task id.</summary>
    public IReadOnlyDictionary<string, TaskContinuation> Continuations { get; init; } = new Dictionary<string, TaskContinuation>(StringComparer.Ordinal);

    /// <summary>
    /// Asked at every turn boundary (before each agent turn) and before a task is dispatched: true stops each running
    /// attempt at its next boundary as <see cref="TeamTaskStatus.Paused"/>, starts no other task, and ends the run paused.
    /// </summary>
    public Func<bool>? PauseRequested { get; init; }

    /// <summary>
    /// Return as soon as the run has ended, while its completed tasks' clean worktrees are still being removed
    /// (<see cref="TeamRunResult.Cleanup"/>): the caller awaits that before it adds or removes a worktree of the repository.
    /// </summary>
    public bool DeferCleanup { get; init; }

    /// <summary>Stop a task's fix rounds when two rounds in a row find the same problems (<see cref="TeamTaskStatus.NoProgress"/>).</summary>
    public bool StopWhenNoProgress { get; init; }

    /// <summary>The price of the agent's tokens (see <see cref="Budgets.PriceTable"/>).</summary>
    public Agents.TokenPrice Price { get; init; } = Agents.TokenPrice.Default;

    internal TeamRunSettingsPayload Settings() => new(
        Agent, Driver, Policy.ToString(), Options.Agents, Options.Attempts, Options.FixRounds, Options.StallAfter.TotalSeconds, WorktreeRoot, TasksFile);
}
