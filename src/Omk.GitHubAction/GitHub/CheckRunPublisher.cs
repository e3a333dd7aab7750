using Octokit;

namespace Omk.GitHubAction.GitHub;

/// <summary>
/// One completed check run per proof through the Checks API: the verdict as its conclusion, the proof's Markdown as
/// its summary, and the findings as annotations, 50 per request as the API allows (the first 50 with the run, the
/// rest appended by updates).
/// </summary>
public sealed class CheckRunPublisher(GitHubApi api, string repository)
{
    public const int AnnotationsPerRequest = 50;
    public const int MaxSummary = 65_535;

    private readonly string _owner = repository.Split('/')[0];
    private readonly string _name = repository.Split('/').ElementAtOrDefault(1) ?? string.Empty;

    public async Task<CheckRun> PublishAsync(string checkName, string headSha, string conclusion, string title, string summary, IReadOnlyList<GateAnnotation> annotations)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        var located = annotations.Where(a => a.File is not null).Select(Annotation).ToList();
        var batches = located.Chunk(AnnotationsPerRequest).ToList();
        var output = new NewCheckRunOutput(Cut(title, 255), MarkdownCut.AtLine(summary, MaxSummary)) { Annotations = batches.FirstOrDefault() ?? [] };
        var run = await api.CallAsync(
            $"POST /repos/{repository}/check-runs",
            c => c.Check.Run.Create(_owner, _name, new NewCheckRun(checkName, headSha)
            {
                Status = CheckStatus.Completed,
                Conclusion = Conclusion(conclusion),
                CompletedAt = DateTimeOffset.UtcNow,
                Output = output,
            })).ConfigureAwait(false);
        foreach (var batch in batches.Skip(1))
        {
            run = await api.CallAsync(
                $"PATCH /repos/{repository}/check-runs/{run.Id}",
                c => c.Check.Run.Update(_owner, _name, run.Id, new CheckRunUpdate
                {
                    Output = new NewCheckRunOutput(output.Title, output.Summary) { Annotations = batch },
                })).ConfigureAwait(false);
        }

        return run;
    }

    /// <summary>A proof status as a check conclusion: ready passes, partial is neutral, cancelled is cancelled, the rest fails.</summary>
    public static CheckConclusion Conclusion(string status) => status switch
    {
        Proofs.ProofStatus.Ready => CheckConclusion.Success,
        Proofs.ProofStatus.Partial => CheckConclusion.Neutral,
        Proofs.ProofStatus.Cancelled => CheckConclusion.Cancelled,
        _ => CheckConclusion.Failure,
    };

    private static NewCheckRunAnnotation Annotation(GateAnnotation a)
    {
        var line = a.Line is > 0 ? a.Line.Value : 1;
        return new NewCheckRunAnnotation(a.File, line, line, a.Kind == "error" ? CheckAnnotationLevel.Failure : CheckAnnotationLevel.Warning, Cut(a.Message, 64 * 1024))
        {
            Title = Cut(a.Title, 255),
            StartColumn = a.Column,
            EndColumn = a.Column,
        };
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
