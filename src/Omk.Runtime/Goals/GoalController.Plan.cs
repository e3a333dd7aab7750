using System.Text;
using System.Text.Json;
using Omk.Events.Payloads;
using Omk.Runs;
using Omk.Storage;
using Omk.Teams;

namespace Omk.Goals;

/// <summary>Intake and plan: the planner's read-only turn, its validation and one re-ask, the plan recorded.</summary>
public sealed partial class GoalController
{
    private async Task<GoalResultJson?> PlanAsync(GoalContext context, GoalView view, CancellationToken cancellationToken)
    {
        var run = context.Run;
        if (await BudgetStopAsync(context, view, "plan").ConfigureAwait(false) is { } spent)
        {
            return spent;
        }

        var attempt = view.PlannerAnswers + 1;
        Say($"plan: planner turn {attempt}");
        var verification = Verification();
        var worktree = await verification.CheckoutAsync(run.RunId.Value, $"planner-{attempt}", view.BaseCommit!, cancellationToken).ConfigureAwait(false);
        Omk.Agents.AgentTurn turn;
        var seconds = 0.0;
        try
        {
            var started = time.GetTimestamp();
            var prompt = GoalPrompts.Planner(view.Goal, Team.DeclaredGates.Gates.Select(g => g.Name).ToList(), view.PlannerError);
            turn = await new GoalAgentTurn(Team.AgentLauncher, time).RunAsync($"planner-{attempt}", worktree, prompt, run.Path, context.Sink, context.Factory, cancellationToken).ConfigureAwait(false);
            seconds = time.GetElapsedTime(started).TotalSeconds;
        }
        finally
        {
            Cleanup(worktree);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var answerPath = $"plan-answer-{attempt}.md";
        AtomicFile.WriteAllText(run.Resolve(answerPath), turn.Text);
        if (!turn.Succeeded)
        {
            await StepAsync(context.Sink, context.Factory, new GoalStepPayload("goal_planner_answer", "the planner turn failed") { Attempt = attempt, Path = answerPath, Reason = turn.FailureReason ?? turn.StopReason, Seconds = seconds }).ConfigureAwait(false);
            return await EndAsync(context, GoalStatus.Failed, $"the planner turn ended {turn.StopReason}{(turn.FailureReason is null ? string.Empty : ": " + turn.FailureReason)}", $"omk goal run \"{view.Goal}\" --plan FILE").ConfigureAwait(false);
        }

        var answer = GoalPlanAnswer.Parse(turn.Text, Team.DeclaredGates, answerPath);
        await StepAsync(context.Sink, context.Factory, new GoalStepPayload("goal_planner_answer", answer.Error is null ? "the planner answered" : "the planner's answer was rejected")
        {
            Attempt = attempt,
            Path = answerPath,
            Reason = answer.Error,
            Questions = answer.Questions,
            Seconds = seconds,
        }).ConfigureAwait(false);
        if (answer.Questions is { } questions)
        {
            return await StopAsync(context, GoalStatus.BlockedOnHuman, "the goal is too vague to check; a human must answer: " + string.Join(" ", questions), $"omk goal run \"<the goal, with answers to: {string.Join(" / ", questions)}>\"", questions).ConfigureAwait(false);
        }

        if (answer.Tasks is null)
        {
            return attempt >= 2
                ? await EndAsync(context, GoalStatus.Failed, $"the planner's plan was invalid twice (answers kept: plan-answer-1.md, plan-answer-2.md): {answer.Error}", $"omk goal run \"{view.Goal}\" --plan FILE").ConfigureAwait(false)
                : null;
        }

        await RecordPlanAsync(run, context.Sink, context.Factory, answer.Tasks, "planner").ConfigureAwait(false);
        return null;
    }

    private async Task RecordPlanAsync(RunDirectory run, Omk.Events.IEventSink sink, Omk.Events.EventFactory factory, IReadOnlyList<TeamTask> plan, string source)
    {
        AtomicFile.WriteAllText(run.Resolve("plan.json"), TaskFileText(plan));
        await sink.AppendAsync(factory.TaskGraphMutated(new TaskGraphMutatedPayload("planned", source, "*", "plan.json", null, plan.Count)), CancellationToken.None).ConfigureAwait(false);
        await StepAsync(sink, factory, new GoalStepPayload("goal_planned", $"planned {plan.Count} task(s) ({source})") { Definitions = GoalLog.Definitions(plan), Path = "plan.json" }).ConfigureAwait(false);
        Say($"plan: {plan.Count} task(s): {string.Join(", ", plan.Select(t => t.Id))}");
    }

    /// <summary>Tasks as a task file (<c>omk team run --tasks</c> reads it back).</summary>
    public static string TaskFileText(IEnumerable<TeamTask> tasks)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonFileOptions.Writer(indented: true)))
        {
            json.WriteStartObject();
            json.WriteStartArray("tasks");
            foreach (var task in tasks)
            {
                json.WriteStartObject();
                json.WriteString("id", task.Id);
                json.WriteString("title", task.Title);
                json.WriteString("prompt", task.Prompt);
                Strings(json, "depends_on", task.DependsOn);
                Strings(json, "write_set", task.WriteSet);
                Strings(json, "acceptance", task.Acceptance);
                if (task.Gates is not null)
                {
                    Strings(json, "gates", task.Gates);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void Strings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private GoalVerification Verification() =>
        new(Team.RepoRoot, Team.WorktreeRoot, Team.DeclaredGates, Team.CodeGates, time);
}
