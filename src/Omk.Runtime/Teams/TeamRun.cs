using Omk.Events;
using Omk.Events.Payloads;
using Omk.Git;
using Omk.Proofs;
using Omk.Runs;
using Omk.Storage;
using Omk.Workspaces;

namespace Omk.Teams;

/// <summary>
/// A team run: a run directory with the team's <c>events.jsonl</c> (the run's start, every task definition, the
/// settings, then the scheduler's and workers' events), <c>tasks/&lt;id&gt;/</c> per task, and the team proof. The run is
/// held under its lock while driven; <see cref="ResumeAsync"/> rebuilds everything from the log alone.
/// </summary>
public sealed partial class TeamRun(TimeProvider time)
{
    public const string CancelFileName = "cancel-requested";

    private static readonly EventJsonContext Json = EventJsonContext.File;

    /// <summary>Starts a new run of <see cref="TeamRunRequest.Tasks"/>.</summary>
    /// <exception cref="GitException">The repository has no commit, or the base ref is not a commit.</exception>
    public async Task<TeamRunResult> StartAsync(TeamRunRequest request, Action<Event>? observer = null, CancellationToken cancellationToken = default)
    {
        var repo = await GitRepository.OpenAsync(request.RepoRoot, cancellationToken).ConfigureAwait(false)
            ?? throw new GitException($"'{request.RepoRoot}' is not inside a git repository; team runs need one.");
        var resolving = repo.ResolveCommitAsync(request.BaseRef ?? "HEAD", cancellationToken);
        var branch = await repo.BranchAsync(cancellationToken).ConfigureAwait(false);
        var baseCommit = await resolving.ConfigureAwait(false);
        var run = RunStore.For(request.RepoRoot, request.StateRoot).Create(time);
        using var held = TeamRunLock.TryAcquire(run.Path) ?? throw new IOException($"the new run '{run.Path}' is locked by another process.");
        var writer = OpenLog(run);
        await using (writer.ConfigureAwait(false))
        {
            var factory = new EventFactory(run.RunId, time);
            var sink = new EventTee(writer, observer);
            await sink.AppendAsync(
                factory.RunStarted(
                    new RunStartedPayload(request.Mode, request.RepoRoot, $"{request.Mode} run of {request.Tasks.Count} task(s){(request.TasksFile is null ? string.Empty : " from " + request.TasksFile)}")
                    {
                        Commit = baseCommit,
                        Branch = branch,
                        Base = request.BaseRef,
                        OmkVersion = ProofRun.OmkVersion,
                        BudgetSecs = request.Budget.Time is { } limit ? (long)Math.Ceiling(limit.TotalSeconds) : null,
                        BudgetTokens = request.Budget.Tokens,
                        BudgetUsd = request.Budget.Usd,
                    },
                    "omk"),
                CancellationToken.None).ConfigureAwait(false);
            foreach (var task in request.Tasks)
            {
                await sink.AppendAsync(
                    factory.Create(
                        EventKind.TaskAccepted,
                        TaskContinuation.Definition(task, request.Continuations.GetValueOrDefault(task.Id)),
                        Json.TeamTaskAcceptedPayload,
                        "omk"),
                    CancellationToken.None).ConfigureAwait(false);
            }

            await sink.AppendAsync(factory.Create(EventKind.TaskOutput, request.Settings(), Json.TeamRunSettingsPayload, "omk"), CancellationToken.None).ConfigureAwait(false);
            return await DriveAsync(run, writer, sink, factory, request, baseCommit, request.Tasks, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Continues a run from its log: completed tasks are kept (their branch heads checked against the log), tasks that
    /// were in flight restart from their kept worktrees, the others run as before. A finished run is left as it is.
    /// </summary>
    /// <exception cref="TeamRunBusyException">Another process holds the run's lock.</exception>
    public async Task<TeamRunResult> ResumeAsync(RunDirectory run, Func<TeamView, TeamRunRequest> request, Action<Event>? observer = null, CancellationToken cancellationToken = default)
    {
        using var held = TeamRunLock.TryAcquire(run.Path) ?? throw new TeamRunBusyException($"run {run.RunId} is being driven by another omk process (its lock {TeamRunLock.PathIn(run.Path)} is held); not resumed.");
        var view = TeamLog.Read(run.EventsPath);
        if (!view.Started || view.Definitions.Count == 0)
        {
            throw new TaskFileException($"run {run.RunId} is not a team run (its log has no team run start and tasks).");
        }

        if (view.Ended is not null)
        {
            return new TeamRunResult(run, TeamProofProjection.Project(view, time.GetUtcNow()), view, AlreadyFinished: true);
        }

        // Where tasks continue earlier work is the log's, not the caller's.
        var resumed = request(view) with { Continuations = view.Continuations };
        var writer = OpenLog(run);
        await using (writer.ConfigureAwait(false))
        {
            var factory = new EventFactory(run.RunId, time);
            var sink = new EventTee(writer, observer);
            File.Delete(Path.Combine(run.StateDirectory, CancelFileName));
            await sink.AppendAsync(factory.TaskOutput(new TaskOutputPayload("resumed by omk team resume", WireEvent: "team_resumed"), "omk"), CancellationToken.None).ConfigureAwait(false);
            var pool = new WorktreePool(resumed.RepoRoot, resumed.WorktreeRoot);
            var progress = new Dictionary<string, TaskProgress>(StringComparer.Ordinal);
            foreach (var task in view.Tasks)
            {
                progress[task.Id] = await ProgressAsync(task, pool, sink, factory, cancellationToken).ConfigureAwait(false);
            }

            return await DriveAsync(run, writer, sink, factory, resumed, view.BaseCommit!, view.Definitions, progress, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What a resume does with a task the log knows.</summary>
    private async Task<TaskProgress> ProgressAsync(TeamTaskView task, WorktreePool pool, IEventSink sink, EventFactory factory, CancellationToken cancellationToken)
    {
        switch (task.Status)
        {
            case TeamTaskStatus.Completed:
                var head = task.Branch is null ? null : await pool.BranchHeadAsync(task.Branch, cancellationToken).ConfigureAwait(false);
                if (head is not null && head == task.Head)
                {
                    return new TaskProgress(TeamTaskStatus.Completed, task.Attempts) { Branch = task.Branch };
                }

                var moved = $"branch {task.Branch} is at {head ?? "(gone)"}, not at {task.Head} as the log recorded; the completed result cannot be trusted";
                await sink.AppendAsync(
                    factory.Create(EventKind.TaskFailed, new TaskOutcomePayload(task.Id, null, task.Attempts, TeamTaskStatus.Failed, moved, Branch: task.Branch, Head: head), Json.TaskOutcomePayload, "omk"),
                    CancellationToken.None).ConfigureAwait(false);
                return new TaskProgress(TeamTaskStatus.Failed, task.Attempts);
            case TeamTaskStatus.Running:
                await sink.AppendAsync(
                    factory.RetryScheduled(new RetryScheduledPayload(task.Id, $"resumed: attempt {task.Attempts} was interrupted", task.Attempts + 1, task.WorkerId)),
                    CancellationToken.None).ConfigureAwait(false);
                return new TaskProgress(TeamTaskStatus.Pending, task.Attempts)
                {
                    Branch = task.Branch,
                    RecordedStart = task.StartCommit,
                    Findings = [$"attempt {task.Attempts} was interrupted (omk stopped) while {task.Phase ?? "running"}; its worktree is kept as it was"],
                };
            case TeamTaskStatus.Pending:
                return new TaskProgress(TeamTaskStatus.Pending, task.Attempts) { Branch = task.Branch, RecordedStart = task.StartCommit, Findings = task.Findings };
            default:
                return new TaskProgress(task.Status, task.Attempts) { Branch = task.Branch };
        }
    }

    private static EventWriter OpenLog(RunDirectory run) =>
        EventWriter.Open(Path.Combine(run.Path, EventSchema.FileName), new EventWriterOptions { Redactor = SecretRedactor.FromEnvironment() });
}
