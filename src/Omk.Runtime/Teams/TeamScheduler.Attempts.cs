using Omk.Events;
using Omk.Events.Payloads;

namespace Omk.Teams;

/// <summary>The scheduler's bookkeeping: each task's slot, each running claim, the watchdog, and how an attempt is settled.</summary>
public sealed partial class TeamScheduler
{
    /// <summary>Looks at every running claim: renews leases in the log, and stops workers silent for too long (<c>worker_stalled</c>).</summary>
    private async Task WatchAsync(List<Running> running)
    {
        var now = time.GetUtcNow();
        foreach (var claim in running)
        {
            var idle = time.GetElapsedTime(Interlocked.Read(ref claim.LastUpdate));
            if (!claim.Stalled && idle >= options.StallAfter)
            {
                claim.Stalled = true;
                await events.AppendAsync(
                    factory.Create(
                        EventKind.WorkerStalled,
                        new WorkerStalledPayload(
                            claim.WorkerId,
                            claim.Slot.Task.Id,
                            $"no agent update for {idle.TotalSeconds:0.#} s (--stall-after {options.StallAfter.TotalSeconds:0.#} s); stopping attempt {claim.Attempt}",
                            Math.Round(idle.TotalSeconds, 1),
                            claim.Attempt),
                        Json.WorkerStalledPayload,
                        Actor),
                    CancellationToken.None).ConfigureAwait(false);
                await claim.Cts.CancelAsync().ConfigureAwait(false);
            }
            else if (!claim.Stalled && now - claim.LastHeartbeatEvent >= options.HeartbeatEvery)
            {
                claim.LastHeartbeatEvent = now;
                await events.AppendAsync(factory.WorkerHeartbeat(new WorkerHeartbeatPayload(claim.WorkerId, now)), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Records how an attempt ended and decides what comes next: done, retried after backoff, or failed for good.</summary>
    private async Task SettleAsync(Running claim, bool cancelled)
    {
        var slot = claim.Slot;
        var result = claim.Result!;
        if (claim.Stalled && result.Status != TeamTaskStatus.Completed)
        {
            result = result with { Status = TeamTaskStatus.Stalled, Error = $"worker {claim.WorkerId} stalled (no agent update for {options.StallAfter.TotalSeconds:0.#} s)" };
        }
        else if (cancelled && result.Status != TeamTaskStatus.Completed)
        {
            result = result with { Status = TeamTaskStatus.Cancelled, Error = "the run was cancelled" };
        }

        slot.Last = result;
        slot.Branch = result.Branch ?? slot.Branch;
        var retry = !cancelled && TeamTaskStatus.IsRetryable(result.Status) && claim.Attempt < options.Attempts;
        if (result.Status == TeamTaskStatus.Dead)
        {
            await events.AppendAsync(
                factory.WorkerDead(new WorkerDeadPayload(claim.WorkerId, slot.Task.Id, result.Error ?? "the agent process is gone", null, retry ? "requeued" : "failed")),
                CancellationToken.None).ConfigureAwait(false);
        }

        var payload = Payload(slot.Task.Id, claim.WorkerId, claim.Attempt, result) with { WillRetry = result.Status == TeamTaskStatus.Completed ? null : retry };
        await events.AppendAsync(
            factory.Create(result.Status == TeamTaskStatus.Completed ? EventKind.TaskCompleted : EventKind.TaskFailed, payload, Json.TaskOutcomePayload, claim.WorkerId),
            CancellationToken.None).ConfigureAwait(false);

        if (result.Status == TeamTaskStatus.Completed)
        {
            slot.Status = TeamTaskStatus.Completed;
            return;
        }

        slot.Findings = result.Findings.Count > 0 ? result.Findings : result.Error is null ? [] : [result.Error];
        slot.RecordedStart = result.StartCommit ?? slot.RecordedStart;
        if (retry)
        {
            var backoff = options.RetryBackoff * Math.Pow(2, claim.Attempt - 1);
            slot.Status = TeamTaskStatus.Pending;
            slot.ReadyAt = time.GetUtcNow() + backoff;
            await events.AppendAsync(
                factory.RetryScheduled(new RetryScheduledPayload(slot.Task.Id, $"{result.Status}: {result.Error}", claim.Attempt + 1, claim.WorkerId)),
                CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            slot.Status = result.Status;
            slot.Error = result.Error;
        }
    }

    internal static TaskOutcomePayload Payload(string taskId, string? workerId, int attempt, TaskResult result) =>
        new(taskId, workerId, attempt, result.Status, result.Error, result.Summary, result.Branch, result.Head, result.StartCommit,
            result.ChangedFiles.Count > 0 ? result.ChangedFiles : null,
            result.Findings.Count > 0 ? result.Findings : null,
            result.Gates.Count > 0 ? result.Gates : null,
            result.FixRounds, result.InputTokens, result.OutputTokens, result.CostUsd, result.Proof);

    private sealed class Slot(TeamTask task, TaskProgress progress)
    {
        public TeamTask Task { get; } = task;

        public WriteSet WriteSet { get; } = new(task.WriteSet);

        public string Status { get; set; } = progress.Status;

        public int Attempts { get; set; } = progress.Attempts;

        public IReadOnlyList<string> Findings { get; set; } = progress.Findings;

        public string? Branch { get; set; } = progress.Branch;

        public string? RecordedStart { get; set; } = progress.RecordedStart;

        public string? Error { get; set; }

        public DateTimeOffset ReadyAt { get; set; } = DateTimeOffset.MinValue;

        public TaskResult? Last { get; set; }

        public bool IsFinal => Status is not (TeamTaskStatus.Pending or TeamTaskStatus.Running);

        public TaskResult Outcome() => Last is { } last && last.Status == Status
            ? last
            : new TaskResult(Status, Error ?? Last?.Error) { Branch = Branch };
    }

    private sealed class Running(Slot slot, int workerIndex, string workerId, int attempt, long started, DateTimeOffset now)
    {
        public long LastUpdate = started;

        public Slot Slot { get; } = slot;

        public int WorkerIndex { get; } = workerIndex;

        public string WorkerId { get; } = workerId;

        public int Attempt { get; } = attempt;

        public CancellationTokenSource Cts { get; } = new();

        public DateTimeOffset LastHeartbeatEvent { get; set; } = now;

        public bool Stalled { get; set; }

        public Task? Work { get; set; }

        public TaskResult? Result { get; set; }
    }
}
