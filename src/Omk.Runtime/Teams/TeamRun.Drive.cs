using Omk.Budgets;
using Omk.Events;
using Omk.Events.Payloads;
using Omk.Runs;
using Omk.Workspaces;

namespace Omk.Teams;

/// <summary>Driving a team run to its end: the scheduler with agent workers, the run's terminal event and the team proof.</summary>
public sealed partial class TeamRun
{
    private async Task<TeamRunResult> DriveAsync(
        RunDirectory run,
        EventWriter writer,
        IEventSink sink,
        EventFactory factory,
        TeamRunRequest request,
        string baseCommit,
        IReadOnlyList<TeamTask> tasks,
        IReadOnlyDictionary<string, TaskProgress>? progress,
        CancellationToken cancellationToken)
    {
        var worker = new AgentTaskWorker(
            new TaskWorkerSettings
            {
                RunId = run.RunId.Value,
                RunDirectory = run.Path,
                BaseCommit = baseCommit,
                Worktrees = new WorktreePool(request.RepoRoot, request.WorktreeRoot),
                DeclaredGates = request.DeclaredGates,
                Agent = request.AgentLauncher,
                Policy = request.Policy,
                FixRounds = request.Options.FixRounds,
                CodeGates = request.CodeGates,
                ReuseResults = request.ReuseResults,
                TurnTimeout = request.TurnTimeout,
                Continuations = request.Continuations,
                PauseRequested = request.PauseRequested,
                Prefetch = tasks
                    .Where(t => t.DependsOn.Count == 0 && !request.Continuations.ContainsKey(t.Id)
                        && (progress?.GetValueOrDefault(t.Id) is not { } p || (p.Attempts == 0 && p.Status == TeamTaskStatus.Pending)))
                    .Select(t => t.Id)
                    .ToList(),
                PrefetchDepth = request.Options.Agents,
                Price = request.Price,
                StopWhenNoProgress = request.StopWhenNoProgress,
                BeforeTurn = request.BeforeTurn ?? (async ct =>
                {
                    // The ledger is the log's: limits from run_started (and extensions), usage from the task logs.
                    var ledger = await BudgetLedgerFold.FoldAsync(run.EventsPath, new BudgetFoldOptions { Now = time.GetUtcNow() }, ct).ConfigureAwait(false);
                    return ledger.CanAfford(ledger.EstimateNextTurn());
                }),
            },
            time);
        var cancelFile = Path.Combine(run.StateDirectory, CancelFileName);
        TeamOutcome outcome;
        Task cleanup;
        try
        {
            outcome = await new TeamScheduler(sink, factory, time, request.Options)
                .RunAsync(tasks, worker.RunAsync, progress, () => File.Exists(cancelFile), request.PauseRequested, cancellationToken)
                .ConfigureAwait(false);
            cleanup = worker.DrainAsync();
            if (!request.DeferCleanup)
            {
                await cleanup.ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await sink.AppendAsync(factory.RunFailed($"internal error: {ex.GetType().Name}: {ex.Message}", "omk"), CancellationToken.None).ConfigureAwait(false);
            await PublishAsync(run, writer, factory).ConfigureAwait(false);
            throw;
        }

        var statuses = outcome.Tasks.Values.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var summary = string.Join(", ", statuses.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Value} {p.Key}"));
        if (outcome.Cancelled)
        {
            await sink.AppendAsync(factory.RunFailed($"cancelled: {summary}", "omk"), CancellationToken.None).ConfigureAwait(false);
        }
        else if (outcome.Paused && !statuses.Keys.All(s => s == TeamTaskStatus.Completed))
        {
            await sink.AppendAsync(factory.RunFailed($"paused at the workers' turn boundaries: {summary}", "omk"), CancellationToken.None).ConfigureAwait(false);
        }
        else if (statuses.Keys.All(s => s == TeamTaskStatus.Completed))
        {
            await sink.AppendAsync(factory.RunCompleted($"every task completed and verified: {summary}", "omk"), CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            await sink.AppendAsync(factory.RunFailed($"not every task completed: {summary}", "omk"), CancellationToken.None).ConfigureAwait(false);
        }

        var (proof, view) = await PublishAsync(run, writer, factory).ConfigureAwait(false);
        return new TeamRunResult(run, proof, view) { Cleanup = cleanup };
    }

    /// <summary>Folds the log (made durable first) into the team proof, writes it, and records <c>proof_written</c>.</summary>
    private async Task<(TeamProof Proof, TeamView View)> PublishAsync(RunDirectory run, EventWriter writer, EventFactory factory)
    {
        await writer.CheckpointAsync(CancellationToken.None).ConfigureAwait(false);
        var view = TeamLog.Read(run.EventsPath);
        var proof = TeamProofProjection.Project(view, time.GetUtcNow());
        TeamProofProjection.Write(run.Path, proof);
        await writer.AppendAsync(factory.ProofWritten(new ProofWrittenPayload("proof.json", proof.Status), "omk"), CancellationToken.None).ConfigureAwait(false);
        await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return (proof, view);
    }

    /// <summary>
    /// Cancels a run: a live run (its lock is held) is asked to stop through <c>state/cancel-requested</c> and ends
    /// itself; a run nobody drives gets its end recorded here. Returns what was done.
    /// </summary>
    public async Task<string> CancelAsync(RunDirectory run)
    {
        using var held = TeamRunLock.TryAcquire(run.Path);
        if (held is null)
        {
            Directory.CreateDirectory(run.StateDirectory);
            await File.WriteAllTextAsync(Path.Combine(run.StateDirectory, CancelFileName), time.GetUtcNow().ToString("O")).ConfigureAwait(false);
            return $"cancel requested: the omk process driving run {run.RunId} stops its workers and writes the proof";
        }

        var view = TeamLog.Read(run.EventsPath);
        if (view.Ended is not null)
        {
            return $"run {run.RunId} has already ended ({view.Ended}); nothing to cancel";
        }

        var writer = OpenLog(run);
        await using (writer.ConfigureAwait(false))
        {
            var factory = new EventFactory(run.RunId, time);
            await writer.AppendAsync(factory.ManualInterrupt(), CancellationToken.None).ConfigureAwait(false);
            await writer.AppendAsync(factory.RunFailed("cancelled by omk team cancel (no process was driving it)", "omk"), CancellationToken.None).ConfigureAwait(false);
            await PublishAsync(run, writer, factory).ConfigureAwait(false);
        }

        return $"run {run.RunId} cancelled; its proof is written";
    }
}
