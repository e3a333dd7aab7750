using Omk.Proofs;
using Omk.Teams;

namespace Omk.Goals;

/// <summary>Verify, review and what follows from them: fix rounds within <c>--fix-rounds</c>, or the decision.</summary>
public sealed partial class GoalController
{
    private async Task VerifyAsync(GoalContext context, GoalView view, GoalRound round, CancellationToken cancellationToken)
    {
        var run = context.Run;
        var head = view.IntegrationHead!;
        Say($"verify: {Team.DeclaredGates.Gates.Count} declared gate(s) on {head[..Math.Min(12, head.Length)]}");
        var changed = await new GoalIntegration(Team.RepoRoot).ChangedFilesAsync(view.ChangeBase!, head, cancellationToken).ConfigureAwait(false);
        await SettleWorktreesAsync().ConfigureAwait(false);
        var outcome = await Verification().RunAsync(run.RunId.Value, run.Path, round.Number, view.ChangeBase!, head, changed, cancellationToken).ConfigureAwait(false);
        await StepAsync(context.Sink, context.Factory, new GoalStepPayload("goal_verified", $"round {round.Number}: the gates {(outcome.Passed ? "passed" : "failed")} on the integrated tree")
        {
            Round = round.Number,
            Commit = head,
            Status = outcome.Passed ? GateStatus.Passed : GateStatus.Failed,
            Gates = outcome.Gates,
            Findings = outcome.Findings,
            Path = outcome.ProofPath,
            Seconds = outcome.GateSeconds,
            ChangedFiles = changed,
        }).ConfigureAwait(false);
        Say($"verify: {(outcome.Passed ? "passed" : "failed: " + string.Join(", ", outcome.Gates.Where(g => g.Status != GateStatus.Passed).Select(g => g.Name)))}");
    }

    private async Task<GoalResultJson?> JudgeAsync(GoalContext context, GoalView view, GoalRound round, CancellationToken cancellationToken)
    {
        var verified = round.Verified!;
        var roundsLeft = view.FixRoundsUsed < view.Settings.FixRounds;
        var writeSet = WriteSetOfFixes(view);
        if (verified.Status != GateStatus.Passed)
        {
            if (roundsLeft)
            {
                await StartRoundAsync(context, round.Number + 1, "fix", view.IntegrationHead!, [GoalPrompts.Fix(view.FixRoundsUsed + 1, "gates failed on the integrated tree", verified.Findings ?? [], writeSet)], [], "the integrated tree failed its gates").ConfigureAwait(false);
                return null;
            }

            return await DecideAsync(context, view).ConfigureAwait(false);
        }

        if (view.Settings.Review && round.Reviewed is null)
        {
            if (await BudgetStopAsync(context, view, "review").ConfigureAwait(false) is { } spent)
            {
                return spent;
            }

            return await ReviewAsync(context, view, round, cancellationToken).ConfigureAwait(false);
        }

        if (round.Reviewed is { Verdict: GoalReviewAnswer.RequestChanges } reviewed && roundsLeft)
        {
            var findings = (reviewed.ReviewFindings ?? []).Select(f => $"{f.File ?? "(no file)"}{(f.Line is { } l ? ":" + l : string.Empty)}: {f.Message}").ToList();
            await StartRoundAsync(context, round.Number + 1, "fix", view.IntegrationHead!, [GoalPrompts.Fix(view.FixRoundsUsed + 1, "the reviewer requested changes", findings, writeSet)], [], "the reviewer requested changes").ConfigureAwait(false);
            return null;
        }

        return await DecideAsync(context, view).ConfigureAwait(false);
    }

    /// <summary>The reviewer's turn, recorded as <c>goal_reviewed</c>; a reviewer that could not run at all (it crashed or never
    /// started) is no verdict: the goal stops <c>blocked_on_external</c>, and a resume asks again.</summary>
    private async Task<GoalResultJson?> ReviewAsync(GoalContext context, GoalView view, GoalRound round, CancellationToken cancellationToken)
    {
        var run = context.Run;
        var head = view.IntegrationHead!;
        var integration = new GoalIntegration(Team.RepoRoot);
        var changed = await ChangedFilesAsync(view, head, cancellationToken).ConfigureAwait(false);
        var sensitive = GoalReviewChecks.Sensitive(changed, view.Settings.GatesDir);
        var diff = await integration.DiffAsync(view.ChangeBase!, head, 60_000, cancellationToken).ConfigureAwait(false);
        await SettleWorktreesAsync().ConfigureAwait(false);
        var worktree = await Verification().CheckoutAsync(run.RunId.Value, GoalVerification.IntegrationWorktree, head, cancellationToken, reuse: true).ConfigureAwait(false);
        var number = view.Rounds.Count(r => r.Reviewed is not null) + 1;
        Say($"review: reviewer turn {number}");
        var started = time.GetTimestamp();
        var turn = await new GoalAgentTurn(Team.AgentLauncher, time)
            .RunAsync($"reviewer-{number}", worktree, GoalPrompts.Reviewer(view.Goal, view.Plan ?? [], diff, sensitive), run.Path, context.Sink, context.Factory, cancellationToken)
            .ConfigureAwait(false);
        var seconds = time.GetElapsedTime(started).TotalSeconds;

        cancellationToken.ThrowIfCancellationRequested();
        var answerPath = $"review-answer-{number}.md";
        Storage.AtomicFile.WriteAllText(run.Resolve(answerPath), turn.Text);
        if (turn.StopReason == "crashed")
        {
            Say($"review: the reviewer could not run: {turn.FailureReason}");
            return await StopAsync(context, GoalStatus.BlockedOnExternal, $"the reviewer agent could not run: {turn.FailureReason}", Next("resume", run)).ConfigureAwait(false);
        }

        var answer = turn.Succeeded
            ? GoalReviewAnswer.Parse(turn.Text)
            : new GoalReviewAnswer(GoalReviewAnswer.RequestChanges, [new GoalReviewFinding(null, null, $"the reviewer turn ended {turn.StopReason}: {turn.FailureReason}")]);
        await StepAsync(context.Sink, context.Factory, new GoalStepPayload("goal_reviewed", $"round {round.Number}: the reviewer says {answer.Verdict}")
        {
            Round = round.Number,
            Commit = head,
            Verdict = answer.Verdict,
            ReviewFindings = answer.Findings,
            Sensitive = sensitive,
            ApprovedSensitive = answer.ApproveSensitive,
            Path = answerPath,
            Seconds = seconds,
        }).ConfigureAwait(false);
        Say($"review: {answer.Verdict}{(answer.Findings.Count == 0 ? string.Empty : $" ({answer.Findings.Count} finding(s))")}");
        return null;
    }

    /// <summary>The files the goal's change touches at <paramref name="head"/>: as its verification recorded them, else from git.</summary>
    private async Task<IReadOnlyList<string>> ChangedFilesAsync(GoalView view, string head, CancellationToken cancellationToken) =>
        view.Rounds.LastOrDefault(r => r.Verified is not null)?.Verified is { ChangedFiles: { } recorded } verified && verified.Commit == head
            ? recorded
            : await new GoalIntegration(Team.RepoRoot).ChangedFilesAsync(view.ChangeBase!, head, cancellationToken).ConfigureAwait(false);

    /// <summary>What a fix task may change: every write set of the plan (so a fix can never reach the gates unless the plan could).</summary>
    private static IReadOnlyList<string> WriteSetOfFixes(GoalView view) =>
        (view.Plan ?? []).SelectMany(t => t.WriteSet).Distinct(StringComparer.Ordinal).ToList();
}
