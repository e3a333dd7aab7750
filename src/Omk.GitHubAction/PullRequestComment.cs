using Omk.GitHubAction.GitHub;
using Omk.Proofs;

namespace Omk.GitHubAction;

/// <summary>
/// Writes (or not, per the <c>comment</c> input) the sticky proof comment of a pull request. Failing to comment never
/// fails the step: a read-only token (fork pull requests) gets a notice explaining why, any other API failure a warning.
/// </summary>
public sealed class PullRequestComment(ActionContext context, WorkflowCommands commands, ActionSettings settings, PullRequestEvent? pr)
{
    public const string ForkDocs = "docs/github-action.md#fork-pull-requests";

    public async Task<IssueComment?> PublishAsync(Proof proof, string markdown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var env = context.Environment;
        if (settings.Comment == CommentMode.Never)
        {
            commands.Line("omk: comment: never, so no pull request comment.");
            return null;
        }

        if (pr is null || env.Repository is null)
        {
            commands.Line($"omk: not a pull request event ({env.EventName ?? "no event"}), so no pull request comment; the proof is in the job summary.");
            return null;
        }

        if (env.Token is not { } token)
        {
            commands.Notice("No github-token was given, so there is no pull request comment. The proof is in the job summary.", "omk: no PR comment");
            return null;
        }

        var options = context.GitHub with { OnRetry = message => commands.Line("omk: GitHub: " + message) };
        using var api = GitHubApi.Create(env.ApiUrl, token, options);
        var sticky = new StickyComment(api, env.Repository, pr.Number, options);
        var marker = CommentBody.Marker(settings.CommentKey);
        try
        {
            var self = await sticky.SelfLoginAsync(token).ConfigureAwait(false);
            var existing = await sticky.FindAsync(marker, self, cancellationToken).ConfigureAwait(false);
            var state = CommentBody.State(proof);
            if (!CommentMode.ShouldWrite(settings.Comment, proof.Status, state, existing is null ? null : CommentBody.StateOf(existing.Body), existing is not null))
            {
                commands.Line($"omk: comment: {settings.Comment}: nothing to write{(existing is null ? string.Empty : $"; the comment stays as it is: {existing.HtmlUrl}")}.");
                return existing;
            }

            var body = CommentBody.Render(proof, markdown, settings.CommentKey, pr.HeadSha ?? env.Sha, env.RunUrl);
            var comment = await sticky.WriteAsync(marker, body, existing, self, cancellationToken).ConfigureAwait(false);
            context.OnCommentWritten?.Invoke();
            commands.Line($"omk: {(existing is null ? "posted" : "updated")} the proof comment: {comment.HtmlUrl}");
            return comment;
        }
        catch (GitHubApiException ex) when (ex.Status == System.Net.HttpStatusCode.Forbidden)
        {
            commands.Notice(
                pr.IsFork
                    ? $"This pull request comes from a fork ({pr.HeadRepository}). GitHub gives its workflows a read-only token ({ex.Message}), so there is no proof comment. "
                        + $"The proof is in the job summary, the annotations and the outputs. To comment on fork pull requests, add the workflow_run companion workflow ({ForkDocs})."
                    : $"The token may not write pull request comments ({ex.Message}), so there is no proof comment. Give the job 'permissions: pull-requests: write'. The proof is in the job summary.",
                "omk: no PR comment");
            return null;
        }
        catch (GitHubApiException ex)
        {
            commands.Warning($"The proof comment could not be written: {ex.Message}. The proof is in the job summary.", "omk: no PR comment");
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            commands.Warning("The job was cancelled before the proof comment was written. The proof is in the job summary.", "omk: no PR comment");
            return null;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or System.Runtime.Serialization.SerializationException)
        {
            commands.Warning($"GitHub's answer could not be read ({ex.Message}); no proof comment. The proof is in the job summary.", "omk: no PR comment");
            return null;
        }
    }
}
