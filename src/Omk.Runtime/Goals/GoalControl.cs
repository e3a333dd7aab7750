using Omk.Events;
using Omk.Runs;
using Omk.Storage;
using Omk.Teams;

namespace Omk.Goals;

/// <summary>
/// <c>pause</c>, <c>cancel</c> and <c>budget-add</c> of a goal. A goal being driven is asked through files in its
/// <c>state/</c> (pause: at the next turn boundary; cancel: now, its team run's workers stopped too); a goal nobody
/// drives gets the fact recorded here. Each returns what it did, in words.
/// </summary>
public sealed class GoalControl(TimeProvider time)
{
    public async Task<string> PauseAsync(RunDirectory run)
    {
        using var held = TeamRunLock.TryAcquire(run.Path);
        var view = GoalLog.Read(run.EventsPath);
        if (view.Ended is not null)
        {
            return $"goal {run.RunId} has ended ({view.FinalStatus}); nothing to pause";
        }

        if (held is null)
        {
            Request(run, GoalController.PauseFileName);
            return $"pause requested: goal {run.RunId} stops at its next turn boundary (resume it with omk goal resume {run.RunId})";
        }

        if (view.Stopped is { } stopped)
        {
            return $"goal {run.RunId} is already stopped ({stopped.Status}); resume it with omk goal resume {run.RunId}";
        }

        await RecordAsync(run, EventKind.GoalPaused, new GoalStepPayload("goal_paused", "paused by omk goal pause (no process was driving it)") { Status = GoalStatus.Paused }).ConfigureAwait(false);
        await RecordAsync(run, EventKind.TaskOutput, new GoalStepPayload("goal_stopped", "paused: no process was driving it") { Status = GoalStatus.Paused, Reason = "paused by omk goal pause", Next = GoalController.Next("resume", run) }).ConfigureAwait(false);
        Publish(run, GoalStatus.Paused, "paused by omk goal pause", GoalController.Next("resume", run));
        return $"goal {run.RunId} paused; resume it with omk goal resume {run.RunId}";
    }

    public async Task<string> CancelAsync(RunDirectory run, string reason)
    {
        using var held = TeamRunLock.TryAcquire(run.Path);
        var view = GoalLog.Read(run.EventsPath);
        if (view.Ended is not null)
        {
            return $"goal {run.RunId} has ended ({view.FinalStatus}); nothing to cancel";
        }

        if (held is null)
        {
            Request(run, TeamRun.CancelFileName, reason);
            var store = new RunStore(Path.GetDirectoryName(Path.GetDirectoryName(run.Path)!)!);
            foreach (var marker in Directory.Exists(run.StateDirectory) ? Directory.EnumerateFiles(run.StateDirectory, "round-*.team-run") : [])
            {
                if (store.Find(File.ReadAllText(marker).Trim()) is { } team)
                {
                    Request(team, TeamRun.CancelFileName, reason);
                }
            }

            return $"cancel requested: goal {run.RunId} stops its workers now and records why";
        }

        await RecordAsync(run, EventKind.ManualInterrupt, null).ConfigureAwait(false);
        await RecordAsync(run, EventKind.TaskOutput, new GoalStepPayload("goal_stopped", "cancelled: " + reason) { Status = GoalStatus.Cancelled, Reason = reason, Next = GoalController.Next("resume", run) }).ConfigureAwait(false);
        Publish(run, GoalStatus.Cancelled, reason, GoalController.Next("resume", run));
        return $"goal {run.RunId} cancelled ({reason}); its finished work is kept";
    }

    /// <summary>Appends <c>goal_budget_extended</c>; refused (null) while a process drives the goal or once it has ended.</summary>
    public async Task<string?> BudgetAddAsync(RunDirectory run, long? secs, long? tokens, decimal? usd)
    {
        using var held = TeamRunLock.TryAcquire(run.Path);
        var view = GoalLog.Read(run.EventsPath);
        if (held is null || view.Ended is not null)
        {
            return null;
        }

        var before = GoalBudget.State(GoalBudget.Fold(run));
        var payload = new Events.Payloads.GoalBudgetExtendedPayload(
            PreviousBudgetSecs: before.LimitSecs,
            AddedBudgetSecs: secs,
            NewBudgetSecs: Sum(before.LimitSecs, secs),
            PreviousBudgetTokens: before.LimitTokens,
            AddedBudgetTokens: tokens,
            NewBudgetTokens: Sum(before.LimitTokens, tokens),
            PreviousBudgetUsd: before.LimitUsd,
            AddedBudgetUsd: usd,
            NewBudgetUsd: before.LimitUsd is { } u && usd is { } a ? u + a : before.LimitUsd);
        var writer = Open(run);
        await using (writer.ConfigureAwait(false))
        {
            await writer.AppendAsync(new EventFactory(run.RunId, time).GoalBudgetExtended(payload, "omk-cli"), CancellationToken.None).ConfigureAwait(false);
        }

        var after = GoalBudget.State(GoalBudget.Fold(run));
        return $"goal {run.RunId}: budget now {Limit(after.LimitTokens, " tokens")}, {Limit(after.LimitSecs, "s")}, {(after.LimitUsd is { } l ? "$" + l : "no cost limit")}; continue with omk goal resume {run.RunId}";
    }

    private static string Limit(long? value, string unit) => value is { } v ? v + unit : "no" + unit + " limit";

    private static long? Sum(long? limit, long? added) => added is null || limit is null ? limit : limit + added;

    private void Request(RunDirectory run, string file, string? text = null)
    {
        Directory.CreateDirectory(run.StateDirectory);
        File.WriteAllText(Path.Combine(run.StateDirectory, file), text ?? time.GetUtcNow().ToString("O"));
    }

    private async Task RecordAsync(RunDirectory run, EventKind kind, GoalStepPayload? payload)
    {
        var writer = Open(run);
        await using (writer.ConfigureAwait(false))
        {
            var factory = new EventFactory(run.RunId, time);
            await writer.AppendAsync(payload is null ? factory.ManualInterrupt() : factory.Create(kind, payload, GoalJsonContext.Compact.GoalStepPayload, "omk-cli"), CancellationToken.None).ConfigureAwait(false);
        }
    }

    private void Publish(RunDirectory run, string status, string reason, string next)
    {
        var proof = GoalProofProjection.Project(run, GoalLog.Read(run.EventsPath), status, reason, next, time.GetUtcNow());
        GoalProofProjection.Write(run, proof);
    }

    private static EventWriter Open(RunDirectory run) =>
        EventWriter.Open(run.EventsPath, new EventWriterOptions { Redactor = SecretRedactor.FromEnvironment() });
}
