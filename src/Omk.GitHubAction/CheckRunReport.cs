using Omk.GitHubAction.GitHub;
using Omk.Proofs;

namespace Omk.GitHubAction;

/// <summary>
/// <c>report: check</c> or <c>both</c>: the proof as a check run on the head commit. Failing to create it never fails
/// the step: a token without <c>checks: write</c> (fork pull requests, missing permission) gets a notice, anything else
/// a warning.
/// </summary>
public sealed class CheckRunReport(ActionContext context, WorkflowCommands commands, ActionSettings settings, PullRequestEvent? pr)
{
    public async Task<Octokit.CheckRun?> PublishAsync(Proof proof, string markdown, IReadOnlyList<GateAnnotation> annotations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var env = context.Environment;
        if (env.Repository is not { } repository || (pr?.HeadSha ?? env.Sha) is not { } sha)
        {
            commands.Line("omk: no repository or commit in the runner's environment, so no check run.");
            return null;
        }

        if (env.Token is not { } token)
        {
            commands.Notice("No github-token was given, so there is no check run. The proof is in the job summary.", "omk: no check run");
            return null;
        }

        var options = context.GitHub with { OnRetry = message => commands.Line("omk: GitHub: " + message) };
        using var api = GitHubApi.Create(env.ApiUrl, token, options);
        var name = settings.CommentKey == "proof" ? "Omk proof" : $"Omk proof ({settings.CommentKey})";
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var run = await new CheckRunPublisher(api, repository).PublishAsync(name, sha, proof.Status, proof.Summary, markdown, annotations).ConfigureAwait(false);
            commands.Line($"omk: created the check run '{name}' ({CheckRunPublisher.Conclusion(proof.Status).ToString().ToLowerInvariant()}, {annotations.Count(a => a.File is not null)} annotation(s)): {run.HtmlUrl}");
            return run;
        }
        catch (GitHubApiException ex) when (ex.Status == System.Net.HttpStatusCode.Forbidden)
        {
            commands.Notice(
                $"The token may not create check runs ({ex.Message}), so there is no check run. Give the job 'permissions: checks: write' (fork pull requests never can). The proof is in the job summary.",
                "omk: no check run");
            return null;
        }
        catch (GitHubApiException ex)
        {
            commands.Warning($"The check run could not be created: {ex.Message}. The proof is in the job summary.", "omk: no check run");
            return null;
        }
    }
}
