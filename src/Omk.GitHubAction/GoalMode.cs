using Omk.Delivery;
using Omk.Git;
using Omk.GitHubAction.GitHub;
using Omk.Goals;

namespace Omk.GitHubAction;

/// <summary>
/// <c>mode: goal</c>, the job that runs the agent: reads the trigger (dispatch, labelled issue, <c>/omk</c> comment),
/// lets only users with write access start a goal (others get a polite reply, and nothing runs), keeps the goal's one
/// status comment, runs <c>omk goal run</c> without any GitHub token in its environment, and hands the result over as a
/// git bundle plus the proof (<c>RUNNER_TEMP/omk-goal/</c>, for <c>actions/upload-artifact</c>). It pushes nothing:
/// <c>mode: goal-publish</c>, in a job that may write, verifies and publishes.
/// </summary>
public sealed class GoalMode(ActionContext context, WorkflowCommands commands, ActionSettings settings)
{
    private static readonly HashSet<string> Writers = new(StringComparer.Ordinal) { "admin", "maintain", "write" };

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var env = context.Environment;
        var (trigger, why) = GoalTrigger.Read(env, settings.GoalLabel);
        if (trigger is null)
        {
            commands.Line($"omk: no goal to run: {why}.");
            OutputFile.Append(env.OutputPath, [new(ActionOutputs.GoalStatus, "ignored")]);
            return ActionProgram.Ready;
        }

        var repository = env.Repository ?? throw new ActionUsageException("mode 'goal' needs GITHUB_REPOSITORY (run it in a GitHub Actions job).");
        var token = env.Token ?? throw new ActionUsageException("mode 'goal' needs the input 'github-token' (to check who asked, and for the status comment); the goal itself never sees it.");
        var repoRoot = Path.GetFullPath(Path.Combine(context.Workspace, settings.WorkingDirectory));
        var options = context.GitHub with { OnRetry = message => commands.Line("omk: GitHub: " + message) };
        using var api = GitHubApi.Create(env.ApiUrl, token, options);
        var status = trigger.Issue is { } issue ? new GoalStatusComment(api, repository, issue, options) : null;

        var permission = await PermissionAsync(api, repository, trigger.Actor).ConfigureAwait(false);
        if (!Writers.Contains(permission))
        {
            commands.Notice($"{trigger.Actor} ({permission} access) may not start goals: only users with write access can. Nothing ran.", "omk: goal refused");
            if (status is not null)
            {
                await status.ReplyAsync($"Thanks @{trigger.Actor}! Only people with write access to this repository can start an Omk goal, so nothing was run. A maintainer can start it for you.").ConfigureAwait(false);
            }

            OutputFile.Append(env.OutputPath, [new(ActionOutputs.GoalStatus, "refused")]);
            return ActionProgram.Ready;
        }

        await RefusePersistedCredentialsAsync(repoRoot, cancellationToken).ConfigureAwait(false);
        commands.Line($"omk: goal from {trigger.Source} by {trigger.Actor} ({permission}): {trigger.Goal.Split('\n', 2)[0]}");
        if (status is not null)
        {
            await status.WriteAsync(trigger.Goal, "⏳ running", $"Started by @{trigger.Actor} ({trigger.Source}).{RunLink()}", cancellationToken).ConfigureAwait(false);
        }

        Func<GoalProgress, Task>? progress = status is null
            ? null
            : p => status.WriteAsync(trigger.Goal, (p.State == "planned" ? "📋 " : "⏳ ") + p.State, $"Started by @{trigger.Actor} ({trigger.Source}). Goal `{p.GoalId}`, {p}.{RunLink()}", cancellationToken);
        var result = await new GoalCommand(context, commands, settings).RunAsync(trigger.Goal, repoRoot, progress, cancellationToken).ConfigureAwait(false);
        var handoff = Path.Combine(env["RUNNER_TEMP"] ?? Path.GetTempPath(), "omk-goal");
        var bundle = await HandOverAsync(trigger, result, repoRoot, handoff, cancellationToken).ConfigureAwait(false);
        commands.Line($"omk: goal {result.GoalId}: {result.Status}: {result.Reason}");
        if (status is not null)
        {
            var next = bundle is null ? "No commits to publish." : $"Branch `{result.Branch}` at `{result.Commit}`: the publish job opens a draft pull request with the proof.";
            await status.WriteAsync(trigger.Goal, $"{Icon(result.Status)} {result.Status}", $"{result.Reason}\n\n{next}{RunLink()}", cancellationToken).ConfigureAwait(false);
        }

        OutputFile.Append(env.OutputPath,
        [
            new(ActionOutputs.GoalId, result.GoalId),
            new(ActionOutputs.GoalStatus, result.Status),
            new(ActionOutputs.Bundle, bundle ?? string.Empty),
            new(ActionOutputs.RunDir, handoff),
            new(ActionOutputs.ProofMd, result.ProofMd ?? string.Empty),
        ]);
        return settings.FailOn == "never" || result.Status == Proofs.ProofStatus.Ready ? ActionProgram.Ready : ActionProgram.NotReady;
    }

    private static string Icon(string status) => status switch { "ready" => "✅", "not_ready" or "failed" => "❌", _ => "⚠️" };

    private string RunLink() => context.Environment.RunUrl is { } url ? $" [Workflow run]({url})." : string.Empty;

    private static async Task<string> PermissionAsync(GitHubApi api, string repository, string user)
    {
        var (owner, name) = (repository.Split('/')[0], repository.Split('/').ElementAtOrDefault(1) ?? string.Empty);
        try
        {
            var answer = await api.CallAsync($"GET /repos/{repository}/collaborators/{user}/permission", c => c.Repository.Collaborator.ReviewPermission(owner, name, user)).ConfigureAwait(false);
            return answer.Permission ?? "none";
        }
        catch (GitHubApiException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
        {
            return "none";
        }
    }

    // actions/checkout keeps the job's token in .git/config unless told not to: the agent could read and use it.
    private static async Task RefusePersistedCredentialsAsync(string repoRoot, CancellationToken cancellationToken)
    {
        var found = await new GitCli(repoRoot, TimeSpan.FromSeconds(30)).RunAsync(["config", "--local", "--get-regexp", @"^http\..*extraheader$"], cancellationToken).ConfigureAwait(false);
        if (found.Succeeded && found.StdoutText.Length > 0)
        {
            throw new ActionUsageException("the checkout keeps a GitHub token in .git/config (http.*.extraheader), where the agent could read it: use actions/checkout with persist-credentials: false in the goal job.");
        }
    }

    private async Task<string?> HandOverAsync(GoalTrigger trigger, GoalResultJson result, string repoRoot, string folder, CancellationToken cancellationToken)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        string? bundle = null;
        if (result.Commit is not null && result.Base is not null)
        {
            var path = Path.Combine(folder, GoalHandoff.BundleName);
            if (await new GoalBundle(repoRoot).CreateAsync(result.Branch, result.Base, path, cancellationToken).ConfigureAwait(false))
            {
                bundle = path;
            }
        }

        if (Directory.Exists(result.RunDir))
        {
            DirectoryCopy.Copy(result.RunDir, Path.Combine(folder, GoalHandoff.ProofFolder));
        }

        new GoalHandoff(trigger.Goal, trigger.Issue, result.GoalId, result.Status, result.Reason, result.Branch, result.Commit, result.Base, bundle is not null).Write(folder);
        commands.Line($"omk: the goal's result is in {folder} ({(bundle is null ? "no commits" : "bundle, ")}proof, {GoalHandoff.FileName}): upload it as an artifact for the publish job.");
        return bundle;
    }
}
