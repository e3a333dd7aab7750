using Omk.Events;
using Omk.Events.Payloads;
using Omk.Teams;

namespace Omk.Goals;

/// <summary>Folds a goal's <c>events.jsonl</c> into a <see cref="GoalView"/>: the one source for status, proof and resume.</summary>
public static class GoalLog
{
    public static GoalView Read(string eventsPath) => Fold(EventReader.Read(eventsPath));

    public static GoalView Fold(IEnumerable<Event> events)
    {
        GoalView? view = null;
        var rounds = new List<GoalRound>();
        DateTimeOffset? segmentStart = null;
        DateTimeOffset? last = null;
        var active = TimeSpan.Zero;

        void CloseSegment(DateTimeOffset? end)
        {
            if (segmentStart is { } s && end is { } e && e > s)
            {
                active += e - s;
            }

            segmentStart = null;
        }

        foreach (var e in events)
        {
            view ??= new GoalView(e.RunId.Value);
            if (view.Ended is not null && !RunSeal.MayFollowSeal(e.Kind))
            {
                continue;
            }

            if (e.Kind == EventKind.RunStarted)
            {
                segmentStart = e.Ts;
                view = view with
                {
                    Goal = e.PayloadString("description") ?? string.Empty,
                    RepoRoot = e.PayloadString("project_dir"),
                    BaseCommit = e.PayloadString("commit"),
                    BaseRef = e.PayloadString("base"),
                    StartedAt = e.Ts,
                    Phase = "intake",
                };
            }
            else if (e.Kind == EventKind.GoalResumed)
            {
                CloseSegment(last);
                segmentStart = e.Ts;
                view = view with { Stopped = null };
            }
            else if (e.Kind == EventKind.RunCompleted || e.Kind == EventKind.RunFailed)
            {
                CloseSegment(e.Ts);
                view = view with
                {
                    Ended = e.Kind == EventKind.RunCompleted ? "completed" : "failed",
                    EndReason = e.PayloadString("reason") ?? e.PayloadString("message"),
                    FinalStatus = view.FinalStatus ?? (e.Kind == EventKind.RunCompleted ? GoalStatus.Ready : GoalStatus.Failed),
                };
            }
            else if (e.Kind == EventKind.TaskOutput && e.PayloadString("wire_event") is { } step && step.StartsWith("goal_", StringComparison.Ordinal))
            {
                var payload = e.PayloadAs(GoalJsonContext.Compact.GoalStepPayload);
                if (payload is not null)
                {
                    view = Apply(view, rounds, payload);
                    if (payload.WireEvent == "goal_stopped")
                    {
                        CloseSegment(e.Ts);
                    }
                }
            }

            last = e.Ts;
        }

        view ??= new GoalView(string.Empty);
        if (segmentStart is not null)
        {
            CloseSegment(last);
        }

        return view with { Rounds = rounds, LastEventAt = last, Active = active };
    }

    private static GoalView Apply(GoalView view, List<GoalRound> rounds, GoalStepPayload step)
    {
        GoalRound? Current(int? number) => number is { } n ? rounds.FirstOrDefault(r => r.Number == n) : null;

        void Replace(GoalRound round) => rounds[rounds.FindIndex(r => r.Number == round.Number)] = round;

        switch (step.WireEvent)
        {
            case "goal_settings" when step.Settings is not null:
                return view with { Settings = step.Settings };
            case "goal_planner_answer":
                return view with { PlannerAnswers = view.PlannerAnswers + 1, PlannerError = step.Reason, Phase = "plan" };
            case "goal_planned":
                return view with { Plan = Tasks(step.Definitions), Phase = "execute" };
            case "goal_round_started" when step.Round is { } number:
                rounds.Add(new GoalRound(number, step.RoundKind ?? "plan", step.BaseCommit ?? string.Empty, Tasks(step.Definitions))
                {
                    Carried = step.Carried ?? [],
                    Continued = step.Continued ?? [],
                    Continuations = (step.Definitions ?? []).Select(d => (d.TaskId, Continuation: TaskContinuation.Of(d)))
                        .Where(p => p.Continuation is not null).ToDictionary(p => p.TaskId, p => p.Continuation!, StringComparer.Ordinal),
                });
                return view with { Phase = "execute" };
            case "goal_team_started" when Current(step.Round) is { } round:
                Replace(round with { TeamRunId = step.TeamRunId });
                return view;
            case "goal_team_finished" when Current(step.Round) is { } round:
                Replace(round with { TeamRunId = step.TeamRunId ?? round.TeamRunId, TeamFinished = step });
                return view with { Phase = "integrate" };
            case "goal_integrated" when Current(step.Round) is { } round:
                Replace(round with { Integrated = step });
                return view with { Phase = "verify" };
            case "goal_verified" when Current(step.Round) is { } round:
                Replace(round with { Verified = step });
                return view with { Phase = "review" };
            case "goal_reviewed" when Current(step.Round) is { } round:
                Replace(round with { Reviewed = step });
                return view with { Phase = "decide" };
            case "goal_delivered":
                return view with { Delivered = step, Phase = "deliver" };
            case "goal_decided":
                return view with { FinalStatus = step.Status, DecidedFindings = step.Findings ?? [], Phase = "decide" };
            case "goal_stopped":
                return view with { Stopped = step };
            default:
                return view;
        }
    }

    private static IReadOnlyList<TeamTask> Tasks(IReadOnlyList<TeamTaskAcceptedPayload>? definitions) =>
        definitions?.Select(d => new TeamTask
        {
            Id = d.TaskId,
            Title = d.Title,
            Prompt = d.Prompt,
            DependsOn = d.DependsOn ?? [],
            WriteSet = d.WriteSet ?? [],
            Acceptance = d.Acceptance ?? [],
            Gates = d.Gates,
        }).ToList() ?? [];

    public static IReadOnlyList<TeamTaskAcceptedPayload> Definitions(IEnumerable<TeamTask> tasks, IReadOnlyDictionary<string, TaskContinuation>? continuations = null) =>
        tasks.Select(t => TaskContinuation.Definition(t, continuations?.GetValueOrDefault(t.Id))).ToList();
}
