using Omk.Proofs;

namespace Omk.GitHubAction;

/// <summary>
/// Chooses the annotations of a proof within GitHub's limit of 10 per kind and step, most relevant first. A failed
/// gate with findings or failed tests is annotated at those (their files and lines, see <see cref="FindingAnnotations"/>),
/// one without at its declaration. Annotations in files the pull request changes come before the others, then
/// errors before warnings, then declaration order (skipped gates get none: the gate that made them skip has one).
/// What does not fit is counted in one notice.
/// </summary>
public static class GateAnnotations
{
    public const int MaxPerKind = 10;

    public static (IReadOnlyList<GateAnnotation> Shown, int Dropped) Select(Proof proof, string? pathPrefix)
    {
        var shown = new List<GateAnnotation>();
        var dropped = 0;
        foreach (var group in All(proof, pathPrefix).GroupBy(a => a.Kind))
        {
            shown.AddRange(group.Take(MaxPerKind));
            dropped += Math.Max(0, group.Count() - MaxPerKind);
        }

        return (shown.OrderBy(a => a.Kind == "error" ? 0 : 1).ToList(), dropped);
    }

    /// <summary>Every annotation of the proof, most relevant first, without the per-step limit (check runs take them all).</summary>
    public static IReadOnlyList<GateAnnotation> All(Proof proof, string? pathPrefix)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var changed = proof.ChangedFiles.Select(f => f.Path.Replace('\\', '/')).ToHashSet(StringComparer.Ordinal);
        return proof.Gates
            .Select((gate, index) => (gate, index))
            .Where(p => p.gate.Status == GateStatus.Failed)
            .SelectMany(p =>
            {
                var error = p.gate.Required && p.gate.AllowFail != true;
                var located = FindingAnnotations.For(p.gate, error, pathPrefix).ToList();
                return located.Count > 0
                    ? located.Select(a => (annotation: a, file: a.Source, p.index))
                    : [(annotation: Describe(p.gate, error, pathPrefix), file: p.gate.SourceFile, p.index)];
            })
            .Select((c, order) => (c.annotation, changed: c.file is { } f && changed.Contains(f.Replace('\\', '/')), order))
            .OrderBy(c => c.changed ? 0 : 1)
            .ThenBy(c => c.order)
            .Select(c => c.annotation)
            .ToList();
    }

    private static GateAnnotation Describe(ProofGate gate, bool error, string? pathPrefix)
    {
        var e = gate.Evidence;
        var what = e.TimedOut ? "timed out" : e.Reason ?? (e.ExitCode is { } code ? $"exit code {code}" : "failed");
        var lines = new List<string> { $"Gate '{gate.Name}' {(error ? "failed" : "failed (allowed to fail)")}: {what}." };
        if (e.Message is { } message && message != e.Reason)
        {
            lines.Add(message);
        }

        if (e.CommandLine is { } command && gate.Kind != "code")
        {
            lines.Add("Command: " + command);
        }

        foreach (var summary in new[] { e.StderrSummary, e.StdoutSummary })
        {
            if (!string.IsNullOrWhiteSpace(summary))
            {
                lines.Add(summary.TrimEnd());
                break;
            }
        }

        if (e.OutputPath is { } log)
        {
            lines.Add("Log: " + log + " in the run directory.");
        }

        var file = gate.SourceFile is { } f ? (pathPrefix is null ? f : pathPrefix + "/" + f).Replace('\\', '/') : null;
        var title = error ? $"omk: gate {gate.Name} failed" : $"omk: gate {gate.Name} failed (allowed)";
        return new GateAnnotation(error ? "error" : "warning", title, string.Join('\n', lines), file, file is null ? null : gate.SourceLine);
    }
}
