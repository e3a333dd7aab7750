using System.Globalization;
using System.Text;

namespace Omk.Proofs;

/// <summary>
/// The incremental-selection part of proof.md (<c>--affected</c>): how many projects the change reaches, each per-project
/// gate skipped as unaffected with its project and reason, and the affected projects with theirs (cut at
/// <see cref="ProofEvidenceMarkdown.MaxRows"/> rows, with the true totals).
/// </summary>
internal static class ProofAffectedMarkdown
{
    public static void Append(StringBuilder md, Proof proof)
    {
        if (proof.Affected is not { } a)
        {
            return;
        }

        var since = a.Base is null ? "the uncommitted work" : $"changes since `{Cell(a.Base)}`";
        if (a.GraphError is { } error)
        {
            md.Append(CultureInfo.InvariantCulture, $"**Affected** ({since}): the project graph could not be read ({Cell(error)}); no gate was skipped.\n\n");
            return;
        }

        var affected = a.Projects.Where(p => p.Affected).ToList();
        md.Append(CultureInfo.InvariantCulture,
            $"**Affected** ({since}, {a.ChangedFiles} changed file(s)): {affected.Count} of {a.Projects.Count} project(s) affected; {a.SkippedGates.Count} per-project gate(s) skipped as unaffected.\n\n");
        if (a.SkippedGates.Count > 0)
        {
            md.Append("| Skipped gate | Project | Why |\n|---|---|---|\n");
            foreach (var g in a.SkippedGates.Take(ProofEvidenceMarkdown.MaxRows))
            {
                md.Append(CultureInfo.InvariantCulture, $"| `{Cell(g.Gate)}` | `{Cell(g.Project)}` | {Cell(g.Reason)} |\n");
            }

            More(md, a.SkippedGates.Count);
        }

        if (affected.Count > 0)
        {
            md.Append("| Affected project | Why |\n|---|---|\n");
            foreach (var p in affected.Take(ProofEvidenceMarkdown.MaxRows))
            {
                md.Append(CultureInfo.InvariantCulture, $"| `{Cell(p.Project)}` | {Cell(p.Reason)} |\n");
            }

            More(md, affected.Count);
        }
    }

    private static void More(StringBuilder md, int total)
    {
        md.Append(total > ProofEvidenceMarkdown.MaxRows
            ? string.Create(CultureInfo.InvariantCulture, $"\n…and {total - ProofEvidenceMarkdown.MaxRows} more (proof.json has them all).\n\n")
            : "\n");
    }

    private static string Cell(string text) => Storage.DisplayText.Strip(text)
        .Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
}
