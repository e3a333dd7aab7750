using Omk.Budgets;
using Omk.Events;
using Omk.Events.Payloads;
using Omk.Runs;

namespace Omk.Goals;

/// <summary>Decide, deliver, and the two ways a drive stops: a resumable stop (no seal) or the goal's end (sealed).</summary>
public sealed partial class GoalController
{
    private async Task<GoalResultJson?> DecideAsync(GoalContext context, GoalView view)
    {
        var run = context.Run;
        var head = view.IntegrationHead!;
        var integration = new GoalIntegration(Team.RepoRoot);
        var changed = await ChangedFilesAsync(view, head, CancellationToken.None).ConfigureAwait(false);
        var extra = new List<string>();
        var outside = GoalReviewChecks.OutsideWriteSets(changed, view.Rounds.SelectMany(r => r.Tasks));
        extra.AddRange(outside.Select(f => $"changed outside every task's write set: {f}"));
        var branchHead = await integration.BranchHeadAsync(GoalView.Branch(run.RunId.Value), CancellationToken.None).ConfigureAwait(false);
        if (branchHead != head)
        {
            extra.Add($"the integration branch is at {branchHead ?? "(none)"}, not at the verified commit {head}");
        }

        var gaps = GoalProofProjection.Gaps(view, Team.DeclaredGates.Gates.Count).Concat(extra).ToList();
        var (status, reason, next) = gaps.Count > 0
            ? (GoalStatus.NotReady, string.Join("; ", gaps), Next("show", run) + " --md")
            : (GoalStatus.Ready, "every gate passed on the integration head" + (view.Settings.Review ? " and the reviewer approved" : string.Empty), (string?)null);
        if (view.Settings.Deliver is "branch" or "pr")
        {
            if (status == GoalStatus.NotReady && head == view.ChangeBase)
            {
                // Nothing of the tasks' work reached the integration branch: there is no change to push or to review.
                reason += "; nothing delivered: no task's work was integrated";
            }
            else if (await DeliverAsync(context, view, head, status, reason, next).ConfigureAwait(false) is { Delivered: false } undelivered)
            {
                // Stopped (blocked_on_external), or a rebase round to verify and review before the next push.
                return undelivered.Stop;
            }
        }

        return await EndAsync(context, status, reason, next, status == GoalStatus.Ready ? null : extra).ConfigureAwait(false);
    }

    /// <summary>
    /// Delivers the integration branch (<c>--deliver branch|pr</c>) of a goal decided <paramref name="status"/>: pushed
    /// (never forced; a moved remote is a rebase round), and for <c>pr</c> a draft pull request opened or updated whose
    /// body is the proof, saying plainly when the goal is not met. Delivered once <c>goal_delivered</c> is recorded;
    /// otherwise the stop (it could not be delivered), or no stop when a rebase round started.
    /// </summary>
    private async Task<(bool Delivered, GoalResultJson? Stop)> DeliverAsync(GoalContext context, GoalView view, string head, string status, string reason, string? next)
    {
        var run = context.Run;
        var branch = GoalView.Branch(run.RunId.Value);
        var delivery = new Delivery.BranchDelivery(Team.RepoRoot, view.Settings.Remote ?? "origin");
        Say($"deliver: pushing {branch} to {view.Settings.Remote} ({status})");
        var pushed = await delivery.PushAsync(branch, CancellationToken.None).ConfigureAwait(false);
        if (!pushed.Pushed && pushed.RemoteMoved && view.Rounds.Count(r => r.Kind == "rebase") < 2)
        {
            return (false, await RebaseAsync(context, view, head).ConfigureAwait(false));
        }

        if (!pushed.Pushed)
        {
            return (false, await StopAsync(context, GoalStatus.BlockedOnExternal, $"the integration branch ({status}) could not be pushed: " + pushed.Error, Next("resume", run)).ConfigureAwait(false));
        }

        string? url = null;
        if (view.Settings.Deliver == "pr")
        {
            var proof = GoalProofProjection.Project(run, GoalLog.Read(run.EventsPath), status, reason, next, time.GetUtcNow());
            try
            {
                var remote = await delivery.RepositoryAsync(CancellationToken.None).ConfigureAwait(false);
                var pr = await Delivery.PullRequestDelivery.OpenOrUpdateDraftAsync(
                    view.Settings.GitHubApiUrl ?? "https://api.github.com", environment.GitHubToken ?? string.Empty, remote.Owner, remote.Name,
                    branch, view.Settings.BaseBranch ?? "main", Delivery.PullRequestDelivery.Title(view.Goal, status == GoalStatus.Ready),
                    GoalProofProjection.Markdown(proof), CancellationToken.None).ConfigureAwait(false);
                url = pr.Url;
            }
            catch (Exception ex) when (ex is Delivery.DeliveryException or Octokit.ApiException or HttpRequestException)
            {
                return (false, await StopAsync(context, GoalStatus.BlockedOnExternal, $"the pull request ({status}) could not be opened: " + ex.Message, Next("resume", run)).ConfigureAwait(false));
            }
        }

        await StepAsync(context.Sink, context.Factory, new GoalStepPayload("goal_delivered", $"delivered {branch} ({status}) to {view.Settings.Remote}{(url is null ? string.Empty : " and " + url)}")
        {
            Commit = head,
            PullRequestUrl = url,
            Status = view.Settings.Deliver,
            Verdict = status,
        }).ConfigureAwait(false);
        return (true, null);
    }

    /// <summary>
    /// The remote moved on the goal's branch: the integration is rebased onto it (never forced) as a round of its own
    /// without tasks, whose commit then goes through the gates and the review again before the next push.
    /// </summary>
    private async Task<GoalResultJson?> RebaseAsync(GoalContext context, GoalView view, string head)
    {
        var run = context.Run;
        var branch = GoalView.Branch(run.RunId.Value);
        var verification = Verification();
        await SettleWorktreesAsync().ConfigureAwait(false);
        var worktree = await verification.CheckoutAsync(run.RunId.Value, GoalVerification.IntegrationWorktree, head, CancellationToken.None, reuse: true).ConfigureAwait(false);
        var (commit, remoteHead, error) = await new Delivery.BranchDelivery(Team.RepoRoot, view.Settings.Remote ?? "origin").RebaseOntoRemoteAsync(branch, head, worktree, CancellationToken.None).ConfigureAwait(false);
        if (commit is null)
        {
            return await StopAsync(context, GoalStatus.BlockedOnExternal, error!, Next("resume", run)).ConfigureAwait(false);
        }

        await new GoalIntegration(Team.RepoRoot).UpdateBranchAsync(branch, commit, head, CancellationToken.None).ConfigureAwait(false);
        var number = view.Rounds.Max(r => r.Number) + 1;
        var why = $"{view.Settings.Remote} moved on {branch}: rebased onto it, to verify and review again";
        await StepAsync(context.Sink, context.Factory, new GoalStepPayload("goal_round_started", $"round {number} (rebase): {why}") { Round = number, RoundKind = "rebase", BaseCommit = remoteHead, Definitions = [] }).ConfigureAwait(false);
        await StepAsync(context.Sink, context.Factory, new GoalStepPayload("goal_team_finished", $"round {number}: no tasks") { Round = number, Status = Teams.TeamProofProjection.Ready, Branches = [] }).ConfigureAwait(false);
        await StepAsync(context.Sink, context.Factory, new GoalStepPayload("goal_integrated", $"round {number}: {branch} rebased onto {view.Settings.Remote}") { Round = number, Commit = commit, Branches = [] }).ConfigureAwait(false);
        Say($"deliver: {why}");
        return null;
    }

    /// <summary>A resumable stop: <c>goal_stopped</c> and the proof, no terminal event, so <c>omk goal resume</c> continues.</summary>
    private async Task<GoalResultJson> StopAsync(GoalContext context, string status, string reason, string next, IReadOnlyList<string>? questions = null)
    {
        await StepAsync(context.Sink, context.Factory, new GoalStepPayload("goal_stopped", $"{status}: {reason}") { Status = status, Reason = reason, Next = next, Questions = questions }).ConfigureAwait(false);
        return await PublishAsync(context, status, reason, next).ConfigureAwait(false);
    }

    /// <summary>The goal's end: <c>goal_decided</c>, the terminal event that seals it, the proof.</summary>
    private async Task<GoalResultJson> EndAsync(GoalContext context, string status, string reason, string? next, IReadOnlyList<string>? findings = null)
    {
        await StepAsync(context.Sink, context.Factory, new GoalStepPayload("goal_decided", $"{status}: {reason}") { Status = status, Reason = reason, Next = next, Findings = findings }).ConfigureAwait(false);
        await context.Sink.AppendAsync(
            status == GoalStatus.Ready ? context.Factory.RunCompleted($"ready: {reason}", "omk") : context.Factory.RunFailed($"{status}: {reason}", "omk"),
            CancellationToken.None).ConfigureAwait(false);
        return await PublishAsync(context, status, reason, next).ConfigureAwait(false);
    }

    private async Task<GoalResultJson> PublishAsync(GoalContext context, string status, string reason, string? next)
    {
        await DrainCleanupsAsync(context.Run).ConfigureAwait(false);
        await context.Writer.CheckpointAsync(CancellationToken.None).ConfigureAwait(false);
        var view = GoalLog.Read(context.Run.EventsPath);
        var proof = GoalProofProjection.Project(context.Run, view, status, reason, next, time.GetUtcNow());
        GoalProofProjection.Write(context.Run, proof);
        await context.Writer.AppendAsync(context.Factory.ProofWritten(new ProofWrittenPayload("proof.json", status), "omk"), CancellationToken.None).ConfigureAwait(false);
        await context.Writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        Say($"{status}: {reason}{(next is null ? string.Empty : $" (next: {next})")}");
        return Result(context.Run, view, proof);
    }

    /// <summary>Stops with <c>needs_more_budget</c> (and <c>goal_budget_exhausted</c>) when the next step could exceed the budget.</summary>
    private async Task<GoalResultJson?> BudgetStopAsync(GoalContext context, GoalView view, string phase)
    {
        await context.Writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        var ledger = GoalBudget.Fold(context.Run, time.GetUtcNow());
        var estimate = ledger.EstimateNextTurn();
        var check = ledger.CanAfford(estimate);
        if (check.Allowed)
        {
            return null;
        }

        var budget = GoalBudget.State(ledger);
        var source = check.Source ?? BudgetCheck.TokensSource;
        await context.Sink.AppendAsync(
            context.Factory.GoalBudgetExhausted(
                new GoalBudgetExhaustedPayload(
                    "stop", GoalStatus.NeedsMoreBudget, phase, time.GetUtcNow(), source, budget.LimitSecs is { } s ? s + "s" : null, budget.LimitSecs,
                    (long)budget.Elapsed.TotalSeconds, budget.RemainingSecs, budget.LimitTokens, budget.Tokens, budget.RemainingTokens, budget.LimitUsd, budget.Usd, budget.RemainingUsd)),
            CancellationToken.None).ConfigureAwait(false);
        var add = source switch
        {
            BudgetCheck.TimeSource => "--time 30m",
            BudgetCheck.CostSource => "--usd " + Math.Max(1m, decimal.Round(estimate.Usd * 4, 2)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => "--tokens " + Math.Max(10_000, estimate.Tokens * 4).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return await StopAsync(context, GoalStatus.NeedsMoreBudget, $"{check.Reason}; stopped before {phase}", $"omk goal budget-add {context.Run.RunId} {add} && omk goal resume {context.Run.RunId}").ConfigureAwait(false);
    }

    public static GoalResultJson Result(RunDirectory run, GoalView view, GoalProof? proof) => new(
        run.RunId.Value,
        proof?.Status ?? view.FinalStatus ?? view.Stopped?.Status ?? GoalStatus.Running,
        proof?.Reason ?? view.EndReason ?? view.Stopped?.Reason ?? "the goal has not stopped yet",
        proof?.Next ?? view.Stopped?.Next,
        GoalView.Branch(run.RunId.Value),
        view.Rounds.Any(r => r.Integrated?.Commit is not null) ? view.IntegrationHead : null,
        view.BaseCommit,
        run.Path,
        File.Exists(run.ProofJsonPath) ? run.ProofJsonPath : null,
        File.Exists(run.ProofMarkdownPath) ? run.ProofMarkdownPath : null,
        view.Delivered?.PullRequestUrl);
}
