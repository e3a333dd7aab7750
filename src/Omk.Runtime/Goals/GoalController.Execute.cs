using Omk.Events;
using Omk.Events.Payloads;
using Omk.Runs;
using Omk.Storage;
using Omk.Teams;

namespace Omk.Goals;

/// <summary>Execute and integrate: a round's tasks as a team run (started, or resumed from its log), then their branches merged.</summary>
public sealed partial class GoalController
{
    private async Task StartRoundAsync(
        GoalContext context, int number, string kind, string baseCommit, IReadOnlyList<TeamTask> tasks, IReadOnlyList<GoalBranch> carried, string why, RoundContinuation? continuation = null)
    {
        var file = $"rounds/round-{number}/tasks.json";
        AtomicFile.WriteAllText(context.Run.Resolve(file), TaskFileText(tasks));
        if (kind != "plan")
        {
            await context.Sink.AppendAsync(context.Factory.TaskGraphMutated(new TaskGraphMutatedPayload(kind + "_tasks_added", "controller", string.Join(",", tasks.Select(t => t.Id)), file, null, tasks.Count)), CancellationToken.None).ConfigureAwait(false);
        }

        await StepAsync(context.Sink, context.Factory, new GoalStepPayload("goal_round_started", $"round {number} ({kind}): {why}")
        {
            Round = number,
            RoundKind = kind,
            BaseCommit = baseCommit,
            Definitions = GoalLog.Definitions(tasks, continuation?.Tasks),
            Carried = carried,
            Continued = continuation?.Branches,
            Path = file,
        }).ConfigureAwait(false);
        Say($"round {number} ({kind}): {tasks.Count} task(s): {why}");
    }

    private async Task<GoalResultJson?> ExecuteAsync(GoalContext context, GoalView view, GoalRound round, CancellationToken cancellationToken)
    {
        var run = context.Run;
        if (await BudgetStopAsync(context, view, $"round {round.Number}").ConfigureAwait(false) is { } spent)
        {
            return spent;
        }

        var marker = Path.Combine(run.StateDirectory, $"round-{round.Number}.team-run");
        var teamRunId = round.TeamRunId ?? (File.Exists(marker) ? File.ReadAllText(marker).Trim() : null);
        // The round's team run checks every agent turn against what is left of the goal's budget (its own ledger).
        var left = GoalBudget.Fold(run, time.GetUtcNow()).Remaining;
        var request = Team with
        {
            Budget = new Budgets.BudgetLimits(left.Time, left.Tokens, left.Usd),
            Tasks = round.Tasks,
            TasksFile = run.Resolve($"rounds/round-{round.Number}/tasks.json"),
            BaseRef = round.BaseCommit,
            Options = Team.Options with { Agents = view.Settings.Agents },
            Continuations = round.Continuations,
            DeferCleanup = true,
            PauseRequested = () => File.Exists(Path.Combine(run.StateDirectory, PauseFileName)),
        };
        var store = RunStore.For(Team.RepoRoot, Team.StateRoot);
        var teams = new TeamRun(time);
        await SettleWorktreesAsync().ConfigureAwait(false);
        TeamRunResult result;
        if (teamRunId is not null && store.Find(teamRunId) is { } existing)
        {
            Say($"round {round.Number}: resuming team run {teamRunId}");
            if (round.TeamRunId is null)
            {
                await StepAsync(context.Sink, context.Factory, new GoalStepPayload("goal_team_started", $"round {round.Number}: team run {teamRunId}") { Round = round.Number, TeamRunId = teamRunId }).ConfigureAwait(false);
            }

            await RecordTeamResumeAsync(context, round, existing).ConfigureAwait(false);

            result = await teams.ResumeAsync(existing, _ => request, ObserveTeam, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var recorded = 0;
            result = await teams.StartAsync(
                request,
                e =>
                {
                    if (Interlocked.Exchange(ref recorded, 1) == 0)
                    {
                        // The team run's id, as soon as it has one: on disk for a resume after a crash, and in the goal's
                        // log for whoever watches the goal live (omk goal status, the GitHub Action's progress).
                        Directory.CreateDirectory(run.StateDirectory);
                        AtomicFile.WriteAllText(marker, e.RunId.Value + "\n");
                        context.Writer.Append(context.Factory.Create(
                            EventKind.TaskOutput,
                            new GoalStepPayload("goal_team_started", $"round {round.Number}: team run {e.RunId}") { Round = round.Number, TeamRunId = e.RunId.Value },
                            Json.GoalStepPayload,
                            "controller"));
                    }

                    ObserveTeam(e);
                },
                cancellationToken).ConfigureAwait(false);
        }

        var id = result.Run.RunId.Value;
        _teamCleanup = result.Cleanup;

        cancellationToken.ThrowIfCancellationRequested();
        var proof = result.Proof;
        var tasks = proof.Tasks.Select(t => new GoalBranch(t.Id, t.Branch ?? string.Empty, t.Head ?? string.Empty)).ToList();
        var completed = proof.Tasks.Where(t => t.Status == TeamTaskStatus.Completed && t.Branch is not null && t.Head is not null)
            .Select(t => new GoalBranch(t.Id, t.Branch!, t.Head!)).ToList();
        await StepAsync(context.Sink, context.Factory, new GoalStepPayload("goal_team_finished", $"round {round.Number}: team run {id} ended {proof.Status}: {proof.Summary}")
        {
            Round = round.Number,
            TeamRunId = id,
            Status = proof.Status,
            Branches = completed,
            Tasks = proof.Tasks.Select(t => $"{t.Id}={t.Status}").ToList(),
            Findings = proof.Tasks.Where(t => t.Status != TeamTaskStatus.Completed).Select(t => $"task {t.Id} {t.Status}: {t.Error ?? "no reason recorded"}").ToList(),
            Seconds = TeamWork.BusySeconds(result.Run.EventsPath),
        }).ConfigureAwait(false);
        Say($"round {round.Number}: team run {id}: {proof.Summary}");
        if (result.AlreadyFinished)
        {
            // The team run had ended before this drive (the goal stopped before recording it): a resume goes on with it.
            return null;
        }

        if (proof.Status == TeamProofProjection.Paused)
        {
            var stopped = proof.Tasks.Where(t => t.Status is TeamTaskStatus.Paused).Select(t => t.Id).ToList();
            await context.Sink.AppendAsync(context.Factory.Create(EventKind.GoalPaused, new GoalStepPayload("goal_paused", "paused by omk goal pause") { Status = GoalStatus.Paused, Round = round.Number, Tasks = stopped }, Json.GoalStepPayload, "omk"), CancellationToken.None).ConfigureAwait(false);
            var what = stopped.Count == 0 ? "no task was mid-way" : $"task(s) {string.Join(", ", stopped)} stopped after their turn";
            return await StopAsync(context, GoalStatus.Paused, $"paused at a turn boundary in round {round.Number}: {what}; resume continues the unfinished tasks from their branches", Next("resume", run)).ConfigureAwait(false);
        }

        if (proof.Status == TeamProofProjection.Cancelled)
        {
            await context.Sink.AppendAsync(context.Factory.ManualInterrupt("omk"), CancellationToken.None).ConfigureAwait(false);
            return await StopAsync(context, GoalStatus.Cancelled, $"cancelled during round {round.Number}; the completed tasks are kept", Next("resume", run)).ConfigureAwait(false);
        }

        if (proof.Tasks.FirstOrDefault(t => t.Status == TeamTaskStatus.NeedsMoreBudget) is { } refused)
        {
            return await StopAsync(context, GoalStatus.NeedsMoreBudget, $"task {refused.Id} stopped at a turn boundary: {refused.Error}", $"omk goal budget-add {run.RunId} --tokens 50000 && omk goal resume {run.RunId}").ConfigureAwait(false);
        }

        if (proof.Tasks.FirstOrDefault(t => t.Status == TeamTaskStatus.BlockedOnHuman) is { } blocked)
        {
            return await StopAsync(context, GoalStatus.BlockedOnHuman, $"task {blocked.Id} needs a human: {blocked.Error}", Next("resume", run) + " (after allowing it, e.g. with a wider --approval policy on a new goal)").ConfigureAwait(false);
        }

        return null;
    }

    private async Task<GoalResultJson?> IntegrateAsync(GoalContext context, GoalView view, GoalRound round, CancellationToken cancellationToken)
    {
        var run = context.Run;
        var finished = round.TeamFinished!;
        if (finished.Status is TeamProofProjection.Cancelled or TeamProofProjection.NeedsMoreBudget or TeamProofProjection.Paused)
        {
            // A round a cancel, the budget or a pause stopped continues as a new round of the tasks it did not finish,
            // each from its own branch (what it left uncommitted checkpointed there); what it finished is carried.
            var carried = (IReadOnlyList<GoalBranch>)[.. round.Carried, .. finished.Branches ?? []];
            await SettleWorktreesAsync().ConfigureAwait(false); // a checkpoint removes the old worktrees
            var continuation = await ContinueAsync(round, carried, cancellationToken).ConfigureAwait(false);
            await StepAsync(context.Sink, context.Factory, new GoalStepPayload("goal_integrated", $"round {round.Number} ended {finished.Status}; its finished tasks are carried") { Round = round.Number, Commit = null, Carried = carried }).ConfigureAwait(false);
            if (continuation.Rest.Count > 0)
            {
                var why = $"the tasks round {round.Number} did not finish{(continuation.Branches.Count == 0 ? string.Empty : "; " + string.Join("; ", continuation.Said))}";
                await StartRoundAsync(context, round.Number + 1, "continue", round.BaseCommit, continuation.Rest, carried, why, continuation).ConfigureAwait(false);
            }

            return null;
        }

        var integration = new GoalIntegration(Team.RepoRoot);
        var branch = GoalView.Branch(run.RunId.Value);
        var recorded = view.Rounds.LastOrDefault(r => r.Integrated?.Commit is not null)?.Integrated!.Commit;
        var actual = await integration.BranchHeadAsync(branch, cancellationToken).ConfigureAwait(false);
        if (actual is not null && actual != recorded)
        {
            return await EndAsync(context, GoalStatus.Failed, $"the integration branch {branch} is at {actual}, not at {recorded ?? "(none)"} as the goal's log recorded; it was moved outside the goal", Next("show", run)).ConfigureAwait(false);
        }

        var head = recorded ?? view.BaseCommit!;
        var order = DependencyOrder(round.Tasks);
        var branches = round.Carried.Concat((round.TeamFinished!.Branches ?? []).OrderBy(b => order.IndexOf(b.TaskId))).ToList();
        var outcome = await integration.MergeAsync(head, branches, run.RunId.Value, cancellationToken).ConfigureAwait(false);
        if (outcome.Head != actual)
        {
            await integration.UpdateBranchAsync(branch, outcome.Head, actual, cancellationToken).ConfigureAwait(false);
        }

        await StepAsync(context.Sink, context.Factory, new GoalStepPayload("goal_integrated", $"round {round.Number}: {outcome.Merged.Count} branch(es) merged onto {branch}{(outcome.Conflicted is null ? string.Empty : $"; task {outcome.Conflicted.TaskId} conflicts in {string.Join(", ", outcome.ConflictPaths)}")}")
        {
            Round = round.Number,
            Commit = outcome.Head,
            Branches = outcome.Merged,
            Carried = outcome.Carried,
            Findings = outcome.ConflictPaths,
            Tasks = outcome.Conflicted is null ? null : [outcome.Conflicted.TaskId],
        }).ConfigureAwait(false);
        Say($"integrate: {branch} at {outcome.Head[..Math.Min(12, outcome.Head.Length)]}");
        if (outcome.Conflicted is { } conflicted)
        {
            await StartRoundAsync(context, round.Number + 1, "conflict", outcome.ConflictCommit!, [GoalPrompts.Conflict(round.Number + 1, conflicted, outcome.ConflictPaths)], outcome.Carried, $"resolve the conflict of task {conflicted.TaskId}").ConfigureAwait(false);
        }

        return null;
    }

    private void ObserveTeam(Event e)
    {
        environment.Observer?.Invoke(e);
        environment.TeamObserver?.Invoke(e);
    }

    /// <summary>Task ids with every task after the tasks it depends on (file order otherwise).</summary>
    private static List<string> DependencyOrder(IReadOnlyList<TeamTask> tasks)
    {
        var order = new List<string>();
        var pending = tasks.ToList();
        while (pending.Count > 0)
        {
            var next = pending.FirstOrDefault(t => t.DependsOn.All(d => order.Contains(d) || !tasks.Any(x => x.Id == d))) ?? pending[0];
            order.Add(next.Id);
            pending.Remove(next);
        }

        return order;
    }
}
