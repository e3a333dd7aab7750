using Omk.GitHubAction.GitHub;
using Omk.Proofs;
using Omk.Runs;

namespace Omk.GitHubAction;

/// <summary>
/// Reports a proof where GitHub shows it: the job summary, the step outputs, annotations at the failed gates'
/// declarations, the failed gates' logs, and the sticky pull request comment. Only the comment needs the token,
/// so everything else works on fork pull requests too.
/// </summary>
public sealed class ProofReport(ActionContext context, WorkflowCommands commands, ActionSettings settings, PullRequestEvent? pr, string repoRoot)
{
    private const int LogLines = 60;

    /// <summary>A path (absolute, or relative to the repository) as GitHub wants it in annotations: relative to the workspace, with '/'.</summary>
    public string? WorkspacePath(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var full = Path.GetFullPath(Path.Combine(repoRoot, file));
        var relative = Path.GetRelativePath(context.Workspace, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : relative.Replace('\\', '/');
    }

    /// <summary>Nothing ran: the summary says why, and the verdict output is <c>error</c>.</summary>
    public void ConfigurationError(string headline, string details)
    {
        StepSummary.Append(
            context.Environment.StepSummaryPath,
            $"# ❌ Omk proof: configuration error\n\n{headline}\n\n```text\n{details.Replace("```", "'''", StringComparison.Ordinal)}\n```\n",
            "✂️ Truncated.");
        OutputFile.Append(context.Environment.OutputPath, [new(ActionOutputs.Verdict, "error"), new(ActionOutputs.Summary, headline)]);
    }

    /// <summary>The end of each failed gate's log, folded in a group, never read as workflow commands.</summary>
    public void GateLogs(ProofRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var gate in result.Proof.Gates.Where(g => g.Status == GateStatus.Failed && g.Evidence.OutputPath is not null))
        {
            var path = result.Run.Resolve(gate.Evidence.OutputPath!);
            if (!File.Exists(path))
            {
                continue;
            }

            var lines = File.ReadLines(path).TakeLast(LogLines).ToList();
            commands.Verbatim($"omk: gate {gate.Name} log (last {lines.Count} lines of {gate.Evidence.OutputPath})", lines);
        }
    }

    public async Task PublishAsync(Proof proof, RunDirectory run, bool annotate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(run);
        var env = context.Environment;
        var markdown = File.ReadAllText(run.ProofMarkdownPath);
        StepSummary.Append(
            env.StepSummaryPath,
            markdown,
            $"> ✂️ **Truncated**: this proof is larger than a job summary allows (1 MiB). The whole proof is `proof.md` in the run directory ({run.Path}); upload it as an artifact.");
        OutputFile.Append(env.OutputPath,
        [
            new(ActionOutputs.Verdict, proof.Status),
            new(ActionOutputs.Summary, proof.Summary),
            new(ActionOutputs.RunDir, run.Path),
            new(ActionOutputs.ProofJson, run.ProofJsonPath),
            new(ActionOutputs.ProofMd, run.ProofMarkdownPath),
        ]);

        var check = settings.Report is ReportMode.Check or ReportMode.Both;
        var comments = settings.Report is ReportMode.Comment or ReportMode.Both;
        if (annotate && comments)
        {
            Annotate(proof);
        }

        if (check)
        {
            var prefix = WorkspacePath(".") is { } p && p != "." ? p : null;
            var checkRun = await new CheckRunReport(context, commands, settings, pr).PublishAsync(proof, markdown, GateAnnotations.All(proof, prefix), cancellationToken).ConfigureAwait(false);
            OutputFile.Append(env.OutputPath, [new(ActionOutputs.CheckRunUrl, checkRun?.HtmlUrl ?? string.Empty)]);
        }

        IssueComment? comment = null;
        try
        {
            comment = comments ? await new PullRequestComment(context, commands, settings, pr).PublishAsync(proof, markdown, cancellationToken).ConfigureAwait(false) : null;
        }
        finally
        {
            OutputFile.Append(env.OutputPath,
            [
                new(ActionOutputs.CommentId, comment?.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty),
                new(ActionOutputs.CommentUrl, comment?.HtmlUrl ?? string.Empty),
            ]);
        }
    }

    private void Annotate(Proof proof)
    {
        var prefix = WorkspacePath(".") is { } p && p != "." ? p : null;
        var (shown, dropped) = GateAnnotations.Select(proof, prefix);
        foreach (var a in shown)
        {
            commands.Annotation(a.Kind, a.Message, a.Title, a.File, a.Line, a.Column);
        }

        if (dropped > 0)
        {
            commands.Notice(
                $"{dropped} more finding(s) or failed gate(s) are not annotated: GitHub shows at most {GateAnnotations.MaxPerKind} annotations of a kind per step. Every gate is in the job summary.",
                "omk: annotations dropped");
        }

        if (proof.Status == ProofStatus.Partial)
        {
            commands.Annotation("warning", $"The proof is partial: {proof.KnownGaps.FirstOrDefault() ?? proof.Summary}", "omk: partial run");
        }
        else if (proof.Status != ProofStatus.Ready && shown.Count == 0)
        {
            // Not ready without a failed gate: no required gate, or the run itself failed.
            var why = proof.KnownGaps.Count > 0 ? string.Join("; ", proof.KnownGaps) : proof.Summary;
            commands.Annotation(settings.FailOn == "never" ? "warning" : "error", $"The proof is {proof.Status}: {why}", "omk: proof not ready");
        }
    }
}
