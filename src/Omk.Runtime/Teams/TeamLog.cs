using Omk.Events;
using Omk.Events.Payloads;

namespace Omk.Teams;

/// <summary>
/// Folds a team run's <c>events.jsonl</c> into a <see cref="TeamView"/>: the single source for <c>omk team status</c>,
/// the live view, the team proof and <c>omk team resume</c>. A pure function of the events.
/// </summary>
public static class TeamLog
{
    private static readonly EventJsonContext Json = EventJsonContext.File;

    public static TeamView Read(string eventsPath) => Fold(EventReader.Read(eventsPath));

    public static TeamView Fold(IEnumerable<Event> events)
    {
        string? runId = null;
        var view = new TeamView(string.Empty);
        var tasks = new Dictionary<string, TeamTaskView>(StringComparer.Ordinal);
        var order = new List<string>();
        var definitions = new List<TeamTask>();
        var continuations = new Dictionary<string, TaskContinuation>(StringComparer.Ordinal);

        TeamTaskView Get(string id)
        {
            if (!tasks.TryGetValue(id, out var task))
            {
                task = new TeamTaskView(id);
                tasks[id] = task;
                order.Add(id);
            }

            return task;
        }

        void Set(TeamTaskView task) => tasks[task.Id] = task;

        foreach (var e in events)
        {
            runId ??= e.RunId.Value;
            if (e.Kind == EventKind.RunStarted)
            {
                view = view with
                {
                    Started = true,
                    Mode = e.PayloadString("mode") ?? "team",
                    StartedAt = e.Ts,
                    BaseCommit = e.PayloadString("commit"),
                    ProjectDir = e.PayloadString("project_dir"),
                };
            }
            else if (e.Kind == EventKind.RunCompleted || e.Kind == EventKind.RunFailed)
            {
                view = view with
                {
                    Ended = e.Kind == EventKind.RunCompleted ? "completed" : "failed",
                    EndReason = e.PayloadString("reason") ?? e.PayloadString("message"),
                    EndedAt = e.Ts,
                };
            }
            else if (e.Kind == EventKind.ManualInterrupt)
            {
                view = view with { Interrupted = true };
            }
            else if (e.Kind == EventKind.TaskClaimed && e.PayloadAs(Json.TaskClaimedPayload) is { } claimed)
            {
                var task = Get(claimed.TaskId);
                Set(task with
                {
                    Status = TeamTaskStatus.Running,
                    Attempts = claimed.Attempt ?? task.Attempts + 1,
                    WorkerId = claimed.WorkerId,
                    Phase = "claimed",
                    StartedAt = e.Ts,
                    Stalled = false,
                    Error = null,
                });
            }
            else if (e.Kind == EventKind.TaskStarted && e.PayloadAs(Json.TaskStartedPayload) is { } started)
            {
                var task = Get(started.TaskId);
                Set(task with
                {
                    Branch = started.Branch ?? task.Branch,
                    Worktree = started.Worktree ?? task.Worktree,
                    StartCommit = started.StartCommit ?? task.StartCommit,
                    Phase = "started",
                });
            }
            else if (e.Kind == EventKind.TaskOutput && e.PayloadString("wire_event") == "team_settings" && e.PayloadAs(Json.TeamRunSettingsPayload) is { } settings)
            {
                view = view with { Settings = settings };
            }
            else if (e.Kind == EventKind.TaskOutput && e.PayloadString("wire_event") == "team_paused")
            {
                view = view with { Paused = true };
            }
            else if (e.Kind == EventKind.TaskOutput && e.PayloadString("task_id") is { } outputTask && tasks.ContainsKey(outputTask))
            {
                if (e.PayloadString("wire_event") == "phase")
                {
                    Set(Get(outputTask) with { Phase = e.PayloadString("message") });
                }
            }
            else if ((e.Kind == EventKind.TaskCompleted || e.Kind == EventKind.TaskFailed) && e.PayloadAs(Json.TaskOutcomePayload) is { Status: not null } outcome)
            {
                var task = Get(outcome.TaskId);
                Set(task with
                {
                    Status = outcome.Status,
                    Attempts = Math.Max(task.Attempts, outcome.Attempt),
                    Error = outcome.Error,
                    Branch = outcome.Branch ?? task.Branch,
                    Head = outcome.Head ?? task.Head,
                    StartCommit = outcome.StartCommit ?? task.StartCommit,
                    Findings = outcome.Findings ?? [],
                    Gates = outcome.Gates ?? task.Gates,
                    ChangedFiles = outcome.ChangedFiles ?? task.ChangedFiles,
                    FixRounds = outcome.FixRounds,
                    InputTokens = task.InputTokens + outcome.InputTokens,
                    OutputTokens = task.OutputTokens + outcome.OutputTokens,
                    CostUsd = task.CostUsd + outcome.CostUsd,
                    Proof = outcome.Proof ?? task.Proof,
                    Phase = null,
                });
            }
            else if (e.Kind == EventKind.RetryScheduled && e.PayloadString("task_id") is { } retried)
            {
                Set(Get(retried) with { Status = TeamTaskStatus.Pending, Phase = "retry scheduled" });
            }
            else if (e.Kind == EventKind.WorkerStalled && e.PayloadString("task_id") is { } stalled)
            {
                Set(Get(stalled) with { Stalled = true, Phase = "stalled" });
            }
            else if (e.Kind == EventKind.TaskAccepted && e.PayloadAs(Json.TeamTaskAcceptedPayload) is { } accepted)
            {
                Get(accepted.TaskId);
                definitions.Add(new TeamTask
                {
                    Id = accepted.TaskId,
                    Title = accepted.Title,
                    Prompt = accepted.Prompt,
                    DependsOn = accepted.DependsOn ?? [],
                    WriteSet = accepted.WriteSet ?? [],
                    Acceptance = accepted.Acceptance ?? [],
                    Gates = accepted.Gates,
                });
                if (TaskContinuation.Of(accepted) is { } continuation)
                {
                    continuations[accepted.TaskId] = continuation;
                }
            }
        }

        return view with { RunId = runId ?? string.Empty, Tasks = order.Select(id => tasks[id]).ToList(), Definitions = definitions, Continuations = continuations };
    }
}
