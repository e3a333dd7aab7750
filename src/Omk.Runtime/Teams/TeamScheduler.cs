using System.Threading.Channels;
using Omk.Events;
using Omk.Events.Payloads;

namespace Omk.Teams;

/// <summary>
/// Runs the ready tasks of a team with up to <see cref="TeamOptions.Agents"/> workers at once: a task is ready when its
/// dependencies completed; two tasks whose write sets overlap never run at once. Each claim is a lease kept alive by the
/// worker's heartbeats; the watchdog marks a worker <c>stalled</c> when it has been silent for
/// <see cref="TeamOptions.StallAfter"/> and stops its attempt. A failed attempt is re-queued with the next attempt number
/// (up to <see cref="TeamOptions.Attempts"/>, with backoff); a task that fails for good has its dependents skipped while
/// independent tasks go on. Every step is an event; time comes from the <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class TeamScheduler(IEventSink events, EventFactory factory, TimeProvider time, TeamOptions options)
{
    public const string Actor = "scheduler";

    private static readonly EventJsonContext Json = EventJsonContext.File;

    /// <summary>Runs until every task is completed, failed or skipped, or until cancelled.</summary>
    /// <param name="tasks">The tasks, validated.</param>
    /// <param name="worker">Does one attempt; honours the token (stall, cancel).</param>
    /// <param name="progress">What is already known of each task (resume); missing tasks start fresh.</param>
    /// <param name="cancelRequested">Polled by the watchdog: true ends the run as cancelled.</param>
    /// <param name="pauseRequested">
    /// Polled like <paramref name="cancelRequested"/>: true starts no other task (running ones stop at their next turn
    /// boundary, their workers ask it too) and ends the run paused once they have.
    /// </param>
    public async Task<TeamOutcome> RunAsync(
        IReadOnlyList<TeamTask> tasks,
        Func<TaskAttempt, CancellationToken, Task<TaskResult>> worker,
        IReadOnlyDictionary<string, TaskProgress>? progress = null,
        Func<bool>? cancelRequested = null,
        Func<bool>? pauseRequested = null,
        CancellationToken cancellationToken = default)
    {
        var slots = tasks.Select(t => new Slot(t, progress?.GetValueOrDefault(t.Id) ?? TaskProgress.New)).ToList();
        var byId = slots.ToDictionary(s => s.Task.Id, StringComparer.Ordinal);
        var running = new List<Running>();
        var finished = Channel.CreateUnbounded<Running>(new UnboundedChannelOptions { SingleReader = true });
        var freeWorkers = new SortedSet<int>(Enumerable.Range(0, Math.Max(1, options.Agents)));
        var cancelled = false;
        var paused = false;
        Task? tick = null;

        while (true)
        {
            if (!cancelled && (cancellationToken.IsCancellationRequested || cancelRequested?.Invoke() == true))
            {
                cancelled = true;
                await events.AppendAsync(factory.ManualInterrupt(), CancellationToken.None).ConfigureAwait(false);
                foreach (var r in running)
                {
                    await r.Cts.CancelAsync().ConfigureAwait(false);
                }
            }

            if (!cancelled && !paused && (pauseRequested?.Invoke() == true || slots.Any(s => s.Status == TeamTaskStatus.Paused)))
            {
                paused = true;
                await events.AppendAsync(
                    factory.TaskOutput(new TaskOutputPayload($"pause requested: no task starts now; {running.Count} running task(s) stop at their next turn boundary", WireEvent: "team_paused"), Actor),
                    CancellationToken.None).ConfigureAwait(false);
            }

            if (!cancelled && !paused)
            {
                await SkipBlockedAsync(slots, byId).ConfigureAwait(false);
                await DispatchAsync(slots, byId, running, freeWorkers, worker, finished.Writer).ConfigureAwait(false);
            }

            if (running.Count == 0)
            {
                var waiting = slots.Where(s => s.Status == TeamTaskStatus.Pending).ToList();
                if (cancelled || paused || waiting.Count == 0 || !waiting.Any(s => DependenciesCompleted(s, byId)))
                {
                    break;
                }

                // Only tasks in backoff are left: wait for the earliest.
                var wait = waiting.Min(s => s.ReadyAt) - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await WaitAsync(wait, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            tick ??= WaitAsync(options.WatchdogInterval, cancellationToken);
            var next = finished.Reader.WaitToReadAsync(CancellationToken.None).AsTask();
            if (await Task.WhenAny(next, tick).ConfigureAwait(false) == tick)
            {
                tick = null;
                await WatchAsync(running).ConfigureAwait(false);
            }

            while (finished.Reader.TryRead(out var done))
            {
                running.Remove(done);
                freeWorkers.Add(done.WorkerIndex);
                await SettleAsync(done, cancelled).ConfigureAwait(false);
                done.Cts.Dispose();
            }
        }

        return new TeamOutcome(slots.ToDictionary(s => s.Task.Id, s => s.Outcome(), StringComparer.Ordinal), cancelled, paused && !cancelled);
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static bool DependenciesCompleted(Slot slot, Dictionary<string, Slot> byId) =>
        slot.Task.DependsOn.All(d => byId[d].Status == TeamTaskStatus.Completed);

    private async Task SkipBlockedAsync(List<Slot> slots, Dictionary<string, Slot> byId)
    {
        bool changed;
        do
        {
            changed = false;
            foreach (var slot in slots)
            {
                if (slot.Status != TeamTaskStatus.Pending)
                {
                    continue;
                }

                var blocker = slot.Task.DependsOn.Select(d => byId[d]).FirstOrDefault(d => d.IsFinal && d.Status != TeamTaskStatus.Completed);
                if (blocker is null)
                {
                    continue;
                }

                slot.Status = TeamTaskStatus.Skipped;
                slot.Error = $"dependency '{blocker.Task.Id}' {(blocker.Status == TeamTaskStatus.Skipped ? "was skipped" : "ended " + blocker.Status)}";
                await events.AppendAsync(
                    factory.Create(EventKind.TaskFailed, new TaskOutcomePayload(slot.Task.Id, null, slot.Attempts, TeamTaskStatus.Skipped, slot.Error), Json.TaskOutcomePayload, Actor),
                    CancellationToken.None).ConfigureAwait(false);
                changed = true;
            }
        }
        while (changed);
    }

    private async Task DispatchAsync(
        List<Slot> slots,
        Dictionary<string, Slot> byId,
        List<Running> running,
        SortedSet<int> freeWorkers,
        Func<TaskAttempt, CancellationToken, Task<TaskResult>> worker,
        ChannelWriter<Running> finished)
    {
        var now = time.GetUtcNow();
        foreach (var slot in slots)
        {
            if (freeWorkers.Count == 0)
            {
                return;
            }

            if (slot.Status != TeamTaskStatus.Pending || slot.ReadyAt > now || !DependenciesCompleted(slot, byId)
                || running.Any(r => r.Slot.WriteSet.Overlaps(slot.WriteSet)))
            {
                continue;
            }

            var index = freeWorkers.Min;
            freeWorkers.Remove(index);
            slot.Status = TeamTaskStatus.Running;
            slot.Attempts++;
            var workerId = $"worker-{index}";
            var claim = new Running(slot, index, workerId, slot.Attempts, time.GetTimestamp(), now);
            running.Add(claim);
            await events.AppendAsync(
                factory.TaskClaimed(new TaskClaimedPayload(slot.Task.Id, workerId, now + options.StallAfter, slot.Attempts)),
                CancellationToken.None).ConfigureAwait(false);
            var dependencies = slot.Task.DependsOn.ToDictionary(d => d, d => byId[d].Branch ?? string.Empty, StringComparer.Ordinal);
            var attempt = new TaskAttempt(
                slot.Task,
                slot.Attempts,
                workerId,
                slot.Findings,
                slot.RecordedStart,
                dependencies,
                () => Interlocked.Exchange(ref claim.LastUpdate, time.GetTimestamp()),
                phase => events.AppendAsync(factory.TaskOutput(new TaskOutputPayload(phase, slot.Task.Id, workerId, WireEvent: "phase"), workerId)),
                start => events.AppendAsync(factory.TaskStarted(new TaskStartedPayload(
                    slot.Task.Id, workerId, (long)options.StallAfter.TotalSeconds, claim.Attempt, start.Branch, start.Worktree, start.StartCommit))),
                (usage, cost) => events.AppendAsync(factory.TokenUsage(new TokenUsagePayload(
                    workerId, slot.Task.Id, usage.Input, usage.Output, usage.CacheRead, usage.CacheCreation, cost))));
            claim.Work = RunWorkerAsync(worker, attempt, claim, finished);
        }
    }

    private static async Task RunWorkerAsync(
        Func<TaskAttempt, CancellationToken, Task<TaskResult>> worker, TaskAttempt attempt, Running claim, ChannelWriter<Running> finished)
    {
        try
        {
            // Off the scheduler's loop: a worker that blocks before its first await must not hold up the others.
            claim.Result = await Task.Run(() => worker(attempt, claim.Cts.Token), CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            claim.Result = new TaskResult(TeamTaskStatus.Cancelled, "the attempt was stopped");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            claim.Result = new TaskResult(TeamTaskStatus.Failed, $"worker error: {ex.GetType().Name}: {ex.Message}") { Findings = [ex.Message] };
        }

        finished.TryWrite(claim);
    }
}
