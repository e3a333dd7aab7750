using Omk.Proofs;
using Omk.Proofs.Shards;
using Omk.Runs;

namespace Omk.GitHubAction;

/// <summary>
/// <c>mode: merge</c>: folds the partial proofs a sharded matrix uploaded (downloaded into <c>proof-dir</c>) into one
/// proof, then reports it once: the sticky comment, the job summary, annotations and outputs. Shards that do not fit
/// (another commit or gate set, a gate twice) stop it with exit 2 and nothing reported; a missing shard makes it partial.
/// </summary>
public sealed class MergeMode(ActionContext context, WorkflowCommands commands, ActionSettings settings)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var env = context.Environment;
        var from = settings.ProofDir is null
            ? throw new ActionUsageException("mode 'merge' needs the input 'proof-dir': the folder the shards' artifacts were downloaded into.")
            : Path.GetFullPath(Path.Combine(context.Workspace, settings.ProofDir));
        var repoRoot = Path.GetFullPath(Path.Combine(context.Workspace, settings.WorkingDirectory));
        ProofRunResult merged;
        try
        {
            merged = await new ProofMerge(context.Time).MergeAsync([from], null, RunStore.For(repoRoot, env[RunStore.StateDirVariable]), cancellationToken).ConfigureAwait(false);
        }
        catch (ProofMergeException ex)
        {
            throw new ActionUsageException($"input 'proof-dir': the partial proofs do not merge: {ex.Message}", ex);
        }

        var proof = merged.Proof;
        commands.Line($"omk: merged {proof.Merge?.Shards.Count ?? 0} of {proof.Merge?.Total ?? 0} shard(s): {proof.Summary}");
        var report = new ProofReport(context, commands, settings, env.PullRequest(), repoRoot);
        report.GateLogs(merged);
        await report.PublishAsync(proof, merged.Run, annotate: true, cancellationToken).ConfigureAwait(false);
        return settings.FailOn == "never" || proof.Status is ProofStatus.Ready or ProofStatus.Partial ? ActionProgram.Ready : ActionProgram.NotReady;
    }
}
