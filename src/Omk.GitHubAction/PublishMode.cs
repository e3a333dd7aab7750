using Omk.Events;
using Omk.Proofs;
using Omk.Runs;

namespace Omk.GitHubAction;

/// <summary>
/// <c>mode: publish</c>: reports a proof another workflow run made (the fork pull request's, downloaded as an
/// artifact), from its event log, to the pull request of the event file saved with it. Under <c>workflow_run</c>,
/// the pull request must be the one whose head commit triggered the run, so an artifact cannot aim elsewhere.
/// </summary>
public sealed class PublishMode(ActionContext context, WorkflowCommands commands, ActionSettings settings)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var env = context.Environment;
        var directory = settings.ProofDir is null
            ? throw new ActionUsageException("mode 'publish' needs the input 'proof-dir': the run directory of the proof to report.")
            : Path.GetFullPath(Path.Combine(context.Workspace, settings.ProofDir));
        if (!File.Exists(EventReader.LogPathIn(directory)))
        {
            throw new ActionUsageException($"input 'proof-dir': '{settings.ProofDir}' holds no {EventSchema.FileName} ({directory}).");
        }

        var eventFile = settings.EventFile is { } given ? Path.GetFullPath(Path.Combine(context.Workspace, given)) : env.EventPath;
        if (eventFile is null || !File.Exists(eventFile))
        {
            throw new ActionUsageException($"input 'event-file': '{settings.EventFile ?? "(GITHUB_EVENT_PATH)"}' does not exist.");
        }

        var pr = PullRequestEvent.Read(eventFile)
            ?? throw new ActionUsageException($"input 'event-file': '{eventFile}' is not a pull request event.");
        if (env.EventName == "workflow_run" && env.EventPath is { } trigger && File.Exists(trigger)
            && PullRequestEvent.WorkflowRunHeadSha(trigger) is { } head && pr.HeadSha is not null && !string.Equals(head, pr.HeadSha, StringComparison.OrdinalIgnoreCase))
        {
            throw new ActionUsageException(
                $"the event file is about pull request #{pr.Number} at {pr.HeadSha}, but the workflow run that triggered this one is for {head}: nothing is published.");
        }

        var run = new RunDirectory(new RunId(Path.GetFileName(Path.TrimEndingDirectorySeparator(directory))), directory);
        var proof = ProofPublisher.Project(run);
        ProofPublisher.Write(run, proof); // the report shows the log's own projection, whatever files came with it
        commands.Line($"omk: publishing the proof of pull request #{pr.Number}: {proof.Summary}");
        await new ProofReport(context, commands, settings, pr, directory).PublishAsync(proof, run, annotate: false, cancellationToken).ConfigureAwait(false);
        return settings.FailOn == "never" || proof.Status is ProofStatus.Ready or ProofStatus.Partial ? ActionProgram.Ready : ActionProgram.NotReady;
    }
}
