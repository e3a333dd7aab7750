using Omk.Events;
using Omk.Teams;

namespace Omk.Ralph;

/// <summary>
/// <c>omk ralph</c> as a configuration of a team run: one task (<see cref="TaskId"/>, the prompt, write set everything,
/// judged by all the declared gates), one worker, one attempt, <c>MaxRounds - 1</c> fix rounds whose prompts carry the
/// gates' located findings, stopping when two rounds in a row find the same problems (<c>no progress</c>) or when the
/// next turn would not fit the budget. The run is a team run of mode <c>ralph</c>: same directory, log, worktree,
/// task proof and team proof; <see cref="RalphResult"/> reads its verdict from that proof.
/// </summary>
public sealed class RalphRun(TimeProvider time)
{
    public const string TaskId = "ralph";

    /// <exception cref="RalphRequestException">No declared gates, an empty prompt, or fewer than one round.</exception>
    public async Task<RalphResult> RunAsync(RalphRequest request, Action<Event>? observer = null, CancellationToken cancellationToken = default)
    {
        var team = TeamRequest(request);
        var result = await new TeamRun(time).StartAsync(team, observer, cancellationToken).ConfigureAwait(false);
        return Result(result, request);
    }

    /// <summary>The team run request of a ralph request (validated).</summary>
    public static TeamRunRequest TeamRequest(RalphRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            throw new RalphRequestException("the prompt is empty: say what the agent should do.");
        }

        if (request.MaxRounds < 1)
        {
            throw new RalphRequestException($"--max-rounds must be at least 1 (got {request.MaxRounds}).");
        }

        if (request.Team.DeclaredGates.Gates.Count == 0)
        {
            throw new RalphRequestException(
                $"the repository declares no gates ({request.Team.DeclaredGates.Origin}): nothing would judge the agent's work; declare some in gates/*.fsx.");
        }

        var task = new TeamTask
        {
            Id = TaskId,
            Title = Title(request.Prompt),
            Prompt = request.Prompt.Trim(),
            WriteSet = ["**"],
        };
        return request.Team with
        {
            Tasks = [task],
            TasksFile = null,
            Mode = TeamProofProjection.RalphMode,
            Budget = request.Budget,
            StopWhenNoProgress = true,
            Options = request.Team.Options with { Agents = 1, Attempts = 1, FixRounds = request.MaxRounds - 1 },
        };
    }

    private static RalphResult Result(TeamRunResult run, RalphRequest request)
    {
        var task = run.View.Task(TaskId);
        // A turn refused at its boundary (budget, pause) leaves the head where the task started: no round was judged.
        var rounds = task is null ? 0 : task.Gates.Count == 0 && (task.Head is null || task.Head == task.StartCommit) ? 0 : task.FixRounds + 1;
        var error = task?.Error ?? run.View.EndReason ?? "the run ended without a result";
        var branch = task?.Branch;
        return run.Proof.Status switch
        {
            TeamProofProjection.Ready => new RalphResult(run, RalphStatus.Ready, $"the gates passed after {rounds} round(s)", null, rounds),
            TeamProofProjection.NeedsMoreBudget => new RalphResult(
                run, RalphStatus.NeedsMoreBudget, error,
                branch is null ? "run omk ralph again with a larger --budget-…" : $"omk ralph <prompt> --base {branch} with a larger --budget-… continues from the work so far",
                rounds),
            TeamProofProjection.NotReady when task?.Status == TeamTaskStatus.NoProgress => new RalphResult(run, RalphStatus.NotReady, error, Continue(branch), rounds),
            TeamProofProjection.NotReady => new RalphResult(
                run, RalphStatus.NotReady, $"the gates still fail after {rounds} round(s) (--max-rounds {request.MaxRounds}): {error}", Continue(branch), rounds),
            TeamProofProjection.BlockedOnHuman => new RalphResult(run, RalphStatus.BlockedOnHuman, error, "answer the permission request, or run again with an --approval policy that decides it", rounds),
            TeamProofProjection.Cancelled => new RalphResult(run, RalphStatus.Cancelled, error, null, rounds),
            _ => new RalphResult(run, RalphStatus.Failed, error, null, rounds),
        };
    }

    private static string? Continue(string? branch) =>
        branch is null ? null : $"look at the findings in the proof; omk ralph <prompt> --base {branch} continues from the work so far";

    private static string Title(string prompt)
    {
        var line = prompt.Trim().Split('\n')[0].Trim();
        return line.Length <= 72 ? line : line[..71] + "…";
    }
}
