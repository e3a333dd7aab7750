namespace Omk.Events;

/// <summary>The kind of an event, serialized as its exact snake_case (or dotted) wire string.</summary>
public readonly record struct EventKind
{
    private EventKind(string value) => Value = value;

    public string Value { get; }

    public static readonly EventKind RunStarted = new("run_started");
    public static readonly EventKind RunCompleted = new("run_completed");
    public static readonly EventKind RunFailed = new("run_failed");
    public static readonly EventKind WorkerStarted = new("worker_started");
    public static readonly EventKind WorkerHeartbeat = new("worker_heartbeat");
    public static readonly EventKind WorkerStalled = new("worker_stalled");
    public static readonly EventKind WorkerDead = new("worker_dead");
    public static readonly EventKind WorkerRecovered = new("worker_recovered");
    public static readonly EventKind TaskProposed = new("task_proposed");
    public static readonly EventKind TaskAccepted = new("task_accepted");
    public static readonly EventKind TaskRejected = new("task_rejected");
    public static readonly EventKind TaskGraphMutated = new("task_graph_mutated");
    public static readonly EventKind TaskClaimed = new("task_claimed");
    public static readonly EventKind TaskStarted = new("task_started");
    public static readonly EventKind TaskOutput = new("task_output");
    public static readonly EventKind TaskCompleted = new("task_completed");
    public static readonly EventKind TaskFailed = new("task_failed");
    public static readonly EventKind FileChanged = new("file_changed");
    public static readonly EventKind CommandStarted = new("command_started");
    public static readonly EventKind CommandFinished = new("command_finished");
    public static readonly EventKind GatePassed = new("gate_passed");
    public static readonly EventKind GateFailed = new("gate_failed");
    public static readonly EventKind RetryScheduled = new("retry_scheduled");
    public static readonly EventKind ProofWritten = new("proof_written");
    public static readonly EventKind ManualInterrupt = new("manual_interrupt");
    public static readonly EventKind GoalPaused = new("goal_paused");
    public static readonly EventKind GoalResumed = new("goal_resumed");
    public static readonly EventKind GoalBudgetExhausted = new("goal_budget_exhausted");
    public static readonly EventKind GoalBudgetExtended = new("goal_budget_extended");
    public static readonly EventKind BudgetCheckpoint = new("budget_checkpoint");
    public static readonly EventKind HookTriggered = new("hook_triggered");
    public static readonly EventKind HookResolved = new("hook_resolved");
    public static readonly EventKind ApprovalRequested = new("approval_requested");
    public static readonly EventKind ApprovalDecided = new("approval_decided");
    public static readonly EventKind SliceLeaseClaimed = new("slice.lease.claimed");
    public static readonly EventKind SliceLeaseReleased = new("slice.lease.released");
    public static readonly EventKind SliceLeaseExpired = new("slice.lease.expired");
    public static readonly EventKind SliceLeaseSkipped = new("slice.lease.skipped");

    /// <summary>Every kind of schema version 1, in contract order.</summary>
    public static IReadOnlyList<EventKind> All { get; } =
    [
        RunStarted, RunCompleted, RunFailed, WorkerStarted, WorkerHeartbeat, WorkerStalled, WorkerDead,
        WorkerRecovered, TaskProposed, TaskAccepted, TaskRejected, TaskGraphMutated, TaskClaimed, TaskStarted,
        TaskOutput, TaskCompleted, TaskFailed, FileChanged, CommandStarted, CommandFinished, GatePassed,
        GateFailed, RetryScheduled, ProofWritten, ManualInterrupt, GoalPaused, GoalResumed, GoalBudgetExhausted,
        GoalBudgetExtended, BudgetCheckpoint, HookTriggered, HookResolved, ApprovalRequested, ApprovalDecided,
        SliceLeaseClaimed, SliceLeaseReleased, SliceLeaseExpired, SliceLeaseSkipped,
    ];

    // The kinds by the length of their wire string (as text and as UTF-8), built with plain loops: a frozen dictionary or
    // LINQ over this struct costs dozens of just-in-time compiled generic methods in every short-lived omk process.
    private static readonly KindText[][] ByLength = BuildIndex();

    /// <summary>Finds a known kind by its wire string; unknown strings return false.</summary>
    public static bool TryParse(string? value, out EventKind kind)
    {
        if (value is not null && value.Length < ByLength.Length)
        {
            foreach (var candidate in ByLength[value.Length])
            {
                if (string.Equals(candidate.Kind.Value, value, StringComparison.Ordinal))
                {
                    kind = candidate.Kind;
                    return true;
                }
            }
        }

        kind = default;
        return false;
    }

    /// <summary>Finds a known kind by its UTF-8 wire string (as it appears, unescaped, in a line).</summary>
    internal static bool TryParseUtf8(ReadOnlySpan<byte> utf8, out EventKind kind)
    {
        if (utf8.Length < ByLength.Length)
        {
            foreach (var candidate in ByLength[utf8.Length])
            {
                if (utf8.SequenceEqual(candidate.Utf8))
                {
                    kind = candidate.Kind;
                    return true;
                }
            }
        }

        kind = default;
        return false;
    }

    private static KindText[][] BuildIndex()
    {
        var longest = 0;
        for (var i = 0; i < All.Count; i++)
        {
            longest = Math.Max(longest, All[i].Value.Length);
        }

        var index = new KindText[longest + 1][];
        for (var length = 0; length < index.Length; length++)
        {
            var count = 0;
            for (var i = 0; i < All.Count; i++)
            {
                count += All[i].Value.Length == length ? 1 : 0;
            }

            index[length] = new KindText[count];
            count = 0;
            for (var i = 0; i < All.Count; i++)
            {
                if (All[i].Value.Length == length)
                {
                    index[length][count++] = new KindText(System.Text.Encoding.UTF8.GetBytes(All[i].Value), All[i]);
                }
            }
        }

        return index;
    }

    private sealed record KindText(byte[] Utf8, EventKind Kind);

    public static EventKind Parse(string value) =>
        TryParse(value, out var kind) ? kind : throw new ArgumentException($"Unknown event kind '{value}'.", nameof(value));

    public override string ToString() => Value ?? string.Empty;
}
