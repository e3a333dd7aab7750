using Omk.Events;

namespace Omk.Budgets;

/// <summary>
/// Folds a run's event log into its <see cref="BudgetLedger"/>, streaming (memory bounded by the longest line) with the
/// event log reader, so a malformed or torn line is skipped and counted like everywhere else.
/// <list type="bullet">
/// <item>Limits: the first <c>run_started</c>'s <c>budget_secs</c>, <c>budget_tokens</c>, <c>budget_usd</c>, extended by
/// every <c>goal_budget_extended</c> (<c>new_budget_*</c> when present, else the old limit plus <c>added_budget_*</c>).</item>
/// <item>Time: the sum of the active intervals, each from <c>run_started</c> or <c>goal_resumed</c> to the next
/// <c>goal_paused</c>, <c>goal_budget_exhausted</c>, <c>manual_interrupt</c>, <c>run_completed</c> or <c>run_failed</c>; an
/// interval left open by a crash ends at the last event before the next start (or at the log's last event, or at
/// <see cref="BudgetFoldOptions.Now"/> for a live run). Time spent paused or crashed is not counted (the original
/// counted every second since the goal was created).</item>
/// <item>Tokens and USD: the agents' usage events (<c>task_output</c> with <c>wire_event: "usage"</c>, their
/// <c>cost_usd</c> as recorded at the configured price) in the run's log, in <c>tasks/*/events.jsonl</c> beside it and in
/// <see cref="BudgetFoldOptions.UsageLogs"/>. A task with its own log is counted from it, step by step: the team log's
/// per-turn copy of its usage and its outcome's totals are not counted again. A turn ends with its agent's <c>task_completed</c> or <c>task_failed</c>.</item>
/// </list>
/// </summary>
public static class BudgetLedgerFold
{
    private const string UsageWireEvent = "usage";

    public static Task<BudgetLedger> FoldAsync(string eventsPath, CancellationToken ct) =>
        FoldAsync(eventsPath, new BudgetFoldOptions(), ct);

    public static Task<BudgetLedger> FoldAsync(string eventsPath, BudgetFoldOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(eventsPath);
        ArgumentNullException.ThrowIfNull(options);
        var stats = new EventReadStats();
        var taskLogs = TaskLogsBeside(eventsPath);
        var run = FoldRunLog(eventsPath, options.Now, taskLogs.Keys.ToHashSet(StringComparer.Ordinal), stats, ct);
        var usage = run.Usage;
        foreach (var log in taskLogs.Values.Concat(options.UsageLogs))
        {
            usage = usage.Add(FoldUsage(log, stats, ct));
        }

        var ledger = new BudgetLedger(
            run.Limits,
            new BudgetUsage(run.Elapsed, usage.Tokens, usage.Usd),
            usage.Turns,
            new BudgetUsage(usage.TurnElapsed, usage.TurnTokens, usage.TurnUsd))
        {
            DamagedLines = stats.DamagedLines,
        };
        return Task.FromResult(ledger);
    }

    /// <summary>The task logs of a team run under the log's directory, by task id: <c>tasks/&lt;id&gt;/events.jsonl</c>.</summary>
    private static SortedDictionary<string, string> TaskLogsBeside(string eventsPath)
    {
        var logs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var tasks = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(eventsPath))!, "tasks");
        if (Directory.Exists(tasks))
        {
            foreach (var directory in Directory.EnumerateDirectories(tasks))
            {
                var log = Path.Combine(directory, EventSchema.FileName);
                if (File.Exists(log))
                {
                    logs[Path.GetFileName(directory)] = log;
                }
            }
        }

        return logs;
    }

    /// <param name="tasksWithLogs">Tasks whose own log is folded: the team log's per-turn copies of their usage are not counted again.</param>
    private static RunFold FoldRunLog(string path, DateTimeOffset? now, IReadOnlySet<string> tasksWithLogs, EventReadStats stats, CancellationToken ct)
    {
        BudgetLimits? limits = null;
        var elapsed = TimeSpan.Zero;
        DateTimeOffset? open = null;
        DateTimeOffset? last = null;
        var usage = new UsageFold(tasksWithLogs);
        long n = 0;
        foreach (var e in EventReader.Read(path, stats))
        {
            if ((++n & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            if (e.Kind == EventKind.RunStarted || e.Kind == EventKind.GoalResumed)
            {
                if (open is { } start && last is { } end)
                {
                    elapsed += Positive(end - start);
                }

                open = e.Ts;
                if (e.Kind == EventKind.RunStarted && limits is null)
                {
                    var fields = e.PayloadAs(BudgetJsonContext.Default.BudgetPayloadFields);
                    limits = new BudgetLimits(
                        fields?.BudgetSecs is { } secs ? TimeSpan.FromSeconds(secs) : null, fields?.BudgetTokens, fields?.BudgetUsd);
                }
            }
            else if (IsActiveEnd(e.Kind))
            {
                if (open is { } start)
                {
                    elapsed += Positive(e.Ts - start);
                    open = null;
                }
            }
            else if (e.Kind == EventKind.GoalBudgetExtended)
            {
                limits = Extend(limits ?? BudgetLimits.Unlimited, e);
            }

            usage.Observe(e);
            last = e.Ts;
        }

        ct.ThrowIfCancellationRequested();
        if (open is { } openStart && (now ?? last) is { } openEnd)
        {
            elapsed += Positive((last is { } l && l > openEnd ? l : openEnd) - openStart);
        }

        return new RunFold(limits ?? BudgetLimits.Unlimited, elapsed, usage);
    }

    private static UsageFold FoldUsage(string path, EventReadStats stats, CancellationToken ct)
    {
        var usage = new UsageFold(null);
        long n = 0;
        foreach (var e in EventReader.Read(path, stats))
        {
            if ((++n & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            usage.Observe(e);
        }

        ct.ThrowIfCancellationRequested();
        return usage;
    }

    private static bool IsActiveEnd(EventKind kind) =>
        kind == EventKind.GoalPaused || kind == EventKind.GoalBudgetExhausted || kind == EventKind.ManualInterrupt
        || kind == EventKind.RunCompleted || kind == EventKind.RunFailed;

    private static BudgetLimits Extend(BudgetLimits limits, Event e)
    {
        var x = e.PayloadAs(BudgetJsonContext.Default.GoalBudgetExtendedPayload);
        if (x is null)
        {
            return limits;
        }

        TimeSpan? time = x.NewBudgetSecs is { } newSecs ? TimeSpan.FromSeconds(newSecs)
            : limits.Time is { } t && x.AddedBudgetSecs is { } addedSecs ? t + TimeSpan.FromSeconds(addedSecs) : limits.Time;
        var tokens = x.NewBudgetTokens ?? (limits.Tokens is { } k && x.AddedBudgetTokens is { } addedTokens ? k + addedTokens : limits.Tokens);
        var usd = x.NewBudgetUsd ?? (limits.Usd is { } u && x.AddedBudgetUsd is { } addedUsd ? u + addedUsd : limits.Usd);
        return new BudgetLimits(time, tokens, usd);
    }

    /// <summary>
    /// False only when the payload's text, as read from the log, cannot hold <paramref name="token"/>: most
    /// <c>task_output</c> lines are agent messages, and a byte search skips them without deserializing.
    /// </summary>
    private static bool MayContain(Event e, ReadOnlySpan<byte> token) =>
        e.UnparsedPayload is not { } utf8 || utf8.Span.IndexOf(token) >= 0;

    private static bool TryReadUsage(Event e, IReadOnlySet<string>? skipTasks, out long tokens, out decimal cost)
    {
        if (e.UnparsedPayload is { } utf8)
        {
            return UsageFields.TryRead(utf8.Span, skipTasks, out tokens, out cost);
        }

        var fields = e.PayloadAs(BudgetJsonContext.Default.BudgetPayloadFields);
        tokens = fields is null ? 0 : fields.InputTokens + fields.OutputTokens + fields.CacheReadTokens + fields.CacheCreationTokens;
        cost = fields?.CostUsd ?? 0;
        return fields is { WireEvent: UsageWireEvent } && (skipTasks is null || fields.TaskId is null || !skipTasks.Contains(fields.TaskId));
    }

    private static TimeSpan Positive(TimeSpan span) => span > TimeSpan.Zero ? span : TimeSpan.Zero;

    private sealed record RunFold(BudgetLimits Limits, TimeSpan Elapsed, UsageFold Usage);

    /// <summary>
    /// Token usage of one log, and the agent turns that ended in it with some usage (each from the first event after the
    /// previous turn's end to its own end).
    /// </summary>
    private sealed class UsageFold(IReadOnlySet<string>? skipTasks)
    {
        private DateTimeOffset? _turnStart;
        private bool _turnHasUsage;
        private long _turnTokens;
        private decimal _turnUsd;

        public long Tokens { get; private set; }

        public decimal Usd { get; private set; }

        public int Turns { get; private set; }

        public long TurnTokens { get; private set; }

        public decimal TurnUsd { get; private set; }

        public TimeSpan TurnElapsed { get; private set; }

        public void Observe(Event e)
        {
            _turnStart ??= e.Ts;
            if (e.Kind == EventKind.TaskOutput && MayContain(e, "\"usage\""u8) && TryReadUsage(e, skipTasks is { Count: > 0 } ? skipTasks : null, out var tokens, out var cost))
            {
                Tokens += tokens;
                Usd += cost;
                _turnHasUsage = true;
                _turnTokens += tokens;
                _turnUsd += cost;
            }
            else if ((e.Kind == EventKind.TaskCompleted || e.Kind == EventKind.TaskFailed)
                && _turnHasUsage
                && (!MayContain(e, "\"attempt\""u8) || e.PayloadAs(BudgetJsonContext.Default.BudgetPayloadFields) is { Attempt: null }))
            {
                Turns++;
                TurnTokens += _turnTokens;
                TurnUsd += _turnUsd;
                TurnElapsed += Positive(e.Ts - _turnStart.Value);
                _turnStart = null;
                _turnHasUsage = false;
                _turnTokens = 0;
                _turnUsd = 0;
            }
        }

        public UsageFold Add(UsageFold other) => new(null)
        {
            Tokens = Tokens + other.Tokens,
            Usd = Usd + other.Usd,
            Turns = Turns + other.Turns,
            TurnTokens = TurnTokens + other.TurnTokens,
            TurnUsd = TurnUsd + other.TurnUsd,
            TurnElapsed = TurnElapsed + other.TurnElapsed,
        };
    }
}
