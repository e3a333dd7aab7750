using Omk.Events;
using Omk.Events.Payloads;
using Omk.Git;
using Omk.Proofs;
using Omk.Runs;
using Omk.Storage;
using Omk.Teams;

namespace Omk.Goals;

/// <summary>
/// The goal controller: intake and plan (a planner turn, or a given plan), execute (the team scheduler, one team run
/// per round), integrate (merge-tree onto <c>omk/goal/&lt;id&gt;</c>), verify (every declared gate on the integrated tree),
/// review (a reviewer turn plus deterministic checks), decide, deliver. Every step is an event of the goal's log
/// (<c>state dir/runs/&lt;goal-id&gt;/events.jsonl</c>) and the next step is always decided from the log alone, so a
/// resume after a pause, a cancel, a spent budget or a <c>kill -9</c> continues where the log says.
/// </summary>
public sealed partial class GoalController(GoalEnvironment environment, TimeProvider time)
{
    public const string PauseFileName = "pause-requested";

    private static readonly GoalJsonContext Json = GoalJsonContext.Compact;

    // Detached worktrees of the goal (a planner's) removed when the drive stops, off the path of the steps in between.
    private readonly List<string> _leftWorktrees = [];

    // The last team run's removal of its completed tasks' clean worktrees, left running while the goal integrates.
    private Task _teamCleanup = Task.CompletedTask;

    private TeamRunRequest Team => environment.Team;

    /// <summary>Removes a detached worktree of the goal when the drive stops (<see cref="DrainCleanupsAsync"/>).</summary>
    private void Cleanup(string worktree)
    {
        lock (_leftWorktrees)
        {
            _leftWorktrees.Add(worktree);
        }
    }

    /// <summary>
    /// Waits for the last team run's worktree removals before the goal adds or removes a worktree itself: git's worktree
    /// administration is not safe to run concurrently in one repository. A removal that failed leaves a worktree that
    /// <c>omk worktree list</c> shows; it does not stop the goal.
    /// </summary>
    private async Task SettleWorktreesAsync()
    {
        try
        {
            await _teamCleanup.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is GitException or IOException or InvalidOperationException)
        {
            Say($"a completed task's worktree could not be removed ({ex.Message}); omk worktree list shows it");
        }
    }

    private async Task DrainCleanupsAsync(RunDirectory run)
    {
        await SettleWorktreesAsync().ConfigureAwait(false);
        string[] paths;
        lock (_leftWorktrees)
        {
            paths = [.. _leftWorktrees, Verification().WorktreePath(run.RunId.Value, GoalVerification.IntegrationWorktree)];
            _leftWorktrees.Clear();
        }

        foreach (var path in paths)
        {
            await Verification().RemoveAsync(path, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Starts a goal and drives it until it ends or stops.</summary>
    /// <exception cref="GitException">Not a repository, no commit, or the base is not a commit.</exception>
    public async Task<GoalResultJson> StartAsync(GoalRequest request, CancellationToken cancellationToken = default)
    {
        var repo = await GitRepository.OpenAsync(Team.RepoRoot, cancellationToken).ConfigureAwait(false)
            ?? throw new GitException($"'{Team.RepoRoot}' is not inside a git repository; goals need one.");
        var baseCommit = await repo.ResolveCommitAsync(request.BaseRef ?? "HEAD", cancellationToken).ConfigureAwait(false);
        var branch = await repo.BranchAsync(cancellationToken).ConfigureAwait(false);
        var store = RunStore.For(Team.RepoRoot, Team.StateRoot);
        var run = store.Create(time);
        LatestGoal.Point(store, run);
        using var held = TeamRunLock.TryAcquire(run.Path) ?? throw new IOException($"the new goal '{run.Path}' is locked by another process.");
        var writer = OpenLog(run);
        await using (writer.ConfigureAwait(false))
        {
            var factory = new EventFactory(run.RunId, time);
            var sink = new EventTee(writer, environment.Observer);
            var settings = request.Settings with { BaseBranch = request.Settings.BaseBranch ?? BaseBranchName(request.BaseRef, branch) };
            await sink.AppendAsync(
                factory.RunStarted(
                    new RunStartedPayload("goal", Team.RepoRoot, request.Goal)
                    {
                        Commit = baseCommit,
                        Branch = branch,
                        Base = request.BaseRef,
                        OmkVersion = ProofRun.OmkVersion,
                        BudgetSecs = request.BudgetSecs,
                        BudgetTokens = request.BudgetTokens,
                        BudgetUsd = request.BudgetUsd,
                    },
                    "omk"),
                CancellationToken.None).ConfigureAwait(false);
            await StepAsync(sink, factory, new GoalStepPayload("goal_settings", "goal settings") { Settings = settings }).ConfigureAwait(false);
            if (request.Plan is { } plan)
            {
                await RecordPlanAsync(run, sink, factory, plan, settings.PlanFile is null ? "plan_file" : "plan_file:" + settings.PlanFile).ConfigureAwait(false);
            }

            return await DriveAsync(run, writer, sink, factory, request.PlanOnly, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Continues a goal from its log (after a pause, cancel, spent budget, block or crash). A sealed goal is reported as it is.</summary>
    /// <exception cref="TeamRunBusyException">Another process drives the goal.</exception>
    public async Task<GoalResultJson> ResumeAsync(RunDirectory run, CancellationToken cancellationToken = default)
    {
        using var held = TeamRunLock.TryAcquire(run.Path) ?? throw new TeamRunBusyException($"goal {run.RunId} is being driven by another omk process (its lock {TeamRunLock.PathIn(run.Path)} is held); not resumed.");
        var view = GoalLog.Read(run.EventsPath);
        if (view.Ended is not null)
        {
            return Result(run, view, GoalProofProjection.Read(run));
        }

        var writer = OpenLog(run);
        await using (writer.ConfigureAwait(false))
        {
            var factory = new EventFactory(run.RunId, time);
            var sink = new EventTee(writer, environment.Observer);
            File.Delete(Path.Combine(run.StateDirectory, PauseFileName));
            File.Delete(Path.Combine(run.StateDirectory, TeamRun.CancelFileName));
            await sink.AppendAsync(
                factory.Create(EventKind.GoalResumed, new GoalStepPayload("goal_resumed", $"resumed{(view.Stopped is { } s ? " after " + s.Status : " after an interruption")}") { Status = view.Stopped?.Status }, Json.GoalStepPayload, "omk"),
                CancellationToken.None).ConfigureAwait(false);
            return await DriveAsync(run, writer, sink, factory, false, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<GoalResultJson> DriveAsync(RunDirectory run, EventWriter writer, IEventSink sink, EventFactory factory, bool planOnly, CancellationToken cancellationToken)
    {
        var context = new GoalContext(run, writer, sink, factory);
        try
        {
            while (true)
            {
                await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                var view = GoalLog.Read(run.EventsPath);
                if (await NextAsync(context, view, planOnly, cancellationToken).ConfigureAwait(false) is { } done)
                {
                    return done;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await sink.AppendAsync(factory.ManualInterrupt("omk"), CancellationToken.None).ConfigureAwait(false);
            return await StopAsync(context, GoalStatus.Cancelled, "interrupted (a signal stopped omk); the finished work is kept", Next("resume", run)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is GitException or IOException)
        {
            return await EndAsync(context, GoalStatus.Failed, $"{ex.GetType().Name}: {ex.Message}", Next("show", run)).ConfigureAwait(false);
        }
    }

    /// <summary>Does the next step the log calls for; returns the result when the goal ends or stops.</summary>
    private async Task<GoalResultJson?> NextAsync(GoalContext context, GoalView view, bool planOnly, CancellationToken cancellationToken)
    {
        var run = context.Run;
        if (File.Exists(Path.Combine(run.StateDirectory, TeamRun.CancelFileName)))
        {
            await context.Sink.AppendAsync(context.Factory.ManualInterrupt(), CancellationToken.None).ConfigureAwait(false);
            return await StopAsync(context, GoalStatus.Cancelled, "cancelled by omk goal cancel; the finished work is kept", Next("resume", run)).ConfigureAwait(false);
        }

        if (File.Exists(Path.Combine(run.StateDirectory, PauseFileName)))
        {
            await context.Sink.AppendAsync(context.Factory.Create(EventKind.GoalPaused, new GoalStepPayload("goal_paused", "paused by omk goal pause") { Status = GoalStatus.Paused }, Json.GoalStepPayload, "omk"), CancellationToken.None).ConfigureAwait(false);
            return await StopAsync(context, GoalStatus.Paused, $"paused at a turn boundary (phase {view.Phase})", Next("resume", run)).ConfigureAwait(false);
        }

        if (view.Plan is null)
        {
            return await PlanAsync(context, view, cancellationToken).ConfigureAwait(false);
        }

        if (planOnly)
        {
            return await EndAsync(context, GoalStatus.NotReady, $"planned {view.Plan.Count} task(s); nothing run (omk goal plan)", $"omk goal run \"{view.Goal}\" --plan {Path.Combine(run.Path, "plan.json")}").ConfigureAwait(false);
        }

        var round = view.Rounds.LastOrDefault();
        if (round is null)
        {
            await StartRoundAsync(context, 0, "plan", view.BaseCommit!, view.Plan, [], "the plan").ConfigureAwait(false);
            return null;
        }

        if (round.TeamFinished is null)
        {
            return await ExecuteAsync(context, view, round, cancellationToken).ConfigureAwait(false);
        }

        if (round.Integrated is null)
        {
            return await IntegrateAsync(context, view, round, cancellationToken).ConfigureAwait(false);
        }

        if (round.Verified is null)
        {
            await VerifyAsync(context, view, round, cancellationToken).ConfigureAwait(false);
            return null;
        }

        return await JudgeAsync(context, view, round, cancellationToken).ConfigureAwait(false);
    }

    private static string? BaseBranchName(string? baseRef, string? current) =>
        baseRef is null or "HEAD" ? current : baseRef.StartsWith("refs/heads/", StringComparison.Ordinal) ? baseRef["refs/heads/".Length..] : baseRef;

    /// <summary>The command that continues or shows a goal.</summary>
    public static string Next(string verb, RunDirectory run) => $"omk goal {verb} {run.RunId}";

    private Task StepAsync(IEventSink sink, EventFactory factory, GoalStepPayload step) =>
        sink.AppendAsync(factory.Create(EventKind.TaskOutput, step, Json.GoalStepPayload, "controller"), CancellationToken.None).AsTask();

    private void Say(string line) => environment.Progress?.Invoke(line);

    private static EventWriter OpenLog(RunDirectory run) =>
        EventWriter.Open(Path.Combine(run.Path, EventSchema.FileName), new EventWriterOptions { Redactor = SecretRedactor.FromEnvironment() });

    private sealed record GoalContext(RunDirectory Run, EventWriter Writer, IEventSink Sink, EventFactory Factory);
}
