using Omk.Delivery;
using Omk.GitHubAction.GitHub;

namespace Omk.GitHubAction;

/// <summary>
/// <c>mode: goal-publish</c>, the job that may write (<c>contents: write</c>, <c>pull-requests: write</c>): takes the
/// folder the goal job uploaded, verifies its bundle (exactly the goal branch, descending from the base, within
/// <c>max-bundle-size</c>, no <c>.github/workflows/</c> change unless allowed), pushes the branch (never forced), opens
/// or updates the draft pull request whose body is the goal's proof.md, and updates the goal's status comment.
/// </summary>
public sealed class GoalPublishMode(ActionContext context, WorkflowCommands commands, ActionSettings settings)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var env = context.Environment;
        var folder = settings.ProofDir is null
            ? throw new ActionUsageException("mode 'goal-publish' needs the input 'proof-dir': the folder the goal job uploaded (goal.json, goal.bundle, proof/).")
            : Path.GetFullPath(Path.Combine(context.Workspace, settings.ProofDir));
        var handoff = GoalHandoff.Read(folder);
        var repository = env.Repository ?? throw new ActionUsageException("mode 'goal-publish' needs GITHUB_REPOSITORY.");
        var token = env.Token ?? throw new ActionUsageException("mode 'goal-publish' needs the input 'github-token' with contents: write and pull-requests: write.");
        var repoRoot = Path.GetFullPath(Path.Combine(context.Workspace, settings.WorkingDirectory));
        var options = context.GitHub with { OnRetry = message => commands.Line("omk: GitHub: " + message) };
        using var api = GitHubApi.Create(env.ApiUrl, token, options);
        var status = handoff.Issue is { } issue ? new GoalStatusComment(api, repository, issue, options) : null;
        OutputFile.Append(env.OutputPath, [new(ActionOutputs.GoalId, handoff.GoalId), new(ActionOutputs.GoalStatus, handoff.Status)]);
        if (!PullRequestDelivery.Delivers(handoff.Status))
        {
            commands.Line($"omk: goal {handoff.GoalId} ended {handoff.Status} ({handoff.Reason}): nothing to publish; a goal is published when it ends ready or not_ready.");
            return ActionProgram.Ready;
        }

        if (!handoff.HasBundle || handoff.Base is null)
        {
            commands.Line($"omk: goal {handoff.GoalId} ({handoff.Status}) made no commits: nothing to publish.");
            return ActionProgram.Ready;
        }

        GoalBundle.Verified verified;
        try
        {
            verified = await new GoalBundle(repoRoot).VerifyAsync(
                Path.Combine(folder, GoalHandoff.BundleName), handoff.Branch, handoff.Base, settings.AllowWorkflowChanges, settings.MaxBundleBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (DeliveryException ex)
        {
            commands.Error($"The goal's bundle is refused: {ex.Message}", "omk: bundle refused");
            if (status is not null)
            {
                await status.WriteAsync(handoff.Goal, "⛔ not published", $"The goal's result was refused before anything was pushed: {ex.Message}", cancellationToken).ConfigureAwait(false);
            }

            return ActionProgram.Usage;
        }

        var push = await new BranchDelivery(repoRoot, "origin").PushAsync(verified.Branch, cancellationToken).ConfigureAwait(false);
        if (!push.Pushed)
        {
            throw new ActionUsageException($"pushing {verified.Branch} failed: {push.Error}");
        }

        var proofMd = Path.Combine(folder, GoalHandoff.ProofFolder, "proof.md");
        var body = File.Exists(proofMd) ? File.ReadAllText(proofMd) : $"Omk goal {handoff.GoalId}: {handoff.Status}: {handoff.Reason}";
        var (owner, name) = (repository.Split('/')[0], repository.Split('/').ElementAtOrDefault(1) ?? string.Empty);
        PullRequestDelivery.PullRequestRef pr;
        try
        {
            pr = await PullRequestDelivery.OpenOrUpdateDraftAsync(
                env.ApiUrl.AbsoluteUri, token, owner, name, verified.Branch, settings.BaseRef ?? DefaultBranch(), PullRequestDelivery.Title(handoff.Goal, handoff.Status == Proofs.ProofStatus.Ready), body, cancellationToken).ConfigureAwait(false);
        }
        catch (Octokit.ApiException ex)
        {
            throw new ActionUsageException($"the draft pull request could not be opened ({(int)ex.StatusCode} {ex.ApiError?.Message ?? ex.Message}); the branch {verified.Branch} is pushed. Give the job 'permissions: pull-requests: write'.", ex);
        }

        commands.Line($"omk: {(pr.Created ? "opened" : "updated")} the draft pull request {pr.Url} ({verified.Branch} at {verified.Commit}, {verified.ChangedFiles.Count} file(s) changed).");
        if (status is not null)
        {
            await status.WriteAsync(handoff.Goal, $"{(handoff.Status == Proofs.ProofStatus.Ready ? "✅" : "⚠️")} {handoff.Status}: draft pull request", $"{handoff.Reason}\n\nDraft pull request: {pr.Url}", cancellationToken).ConfigureAwait(false);
        }

        OutputFile.Append(env.OutputPath, [new(ActionOutputs.PullRequestUrl, pr.Url)]);
        return ActionProgram.Ready;
    }

    // The pull request's base: the repository's default branch, as the event says (base-ref overrides it).
    private string DefaultBranch()
    {
        if (context.Environment.EventPath is not { } path || !File.Exists(path))
        {
            return "main";
        }

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.TryGetProperty("repository", out var repo) && repo.TryGetProperty("default_branch", out var branch) && branch.GetString() is { Length: > 0 } name
            ? name
            : "main";
    }
}
