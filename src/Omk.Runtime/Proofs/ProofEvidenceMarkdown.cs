using System.Globalization;
using System.Text;
using Omk.Events.Payloads;

namespace Omk.Proofs;

/// <summary>
/// The evidence parts of proof.md: a failed gate's findings (file:line → code → message) and failed tests with
/// their messages, a test gate's counts, the output's last lines, and a partial run's selection. Lists are cut
/// (<see cref="MaxRows"/> rows, messages to a few lines) with the true totals, so that a run with a thousand
/// failures still fits a pull request comment.
/// </summary>
internal static class ProofEvidenceMarkdown
{
    public const int MaxRows = 20;
    private const int MaxMessage = 300;
    private const int MaxTailLines = 10;

    public static void AppendSelection(StringBuilder md, Proof proof)
    {
        if (proof.Selection is { NotSelected.Count: > 0 } s)
        {
            md.Append(CultureInfo.InvariantCulture, $"**Partial run**: filter `{s.Filter}` ran {s.Selected.Count} of {s.Selected.Count + s.NotSelected.Count} gate(s); not run: {string.Join(", ", s.NotSelected.Select(n => $"`{n}`"))}. Not ready until every gate runs.\n\n");
        }
    }

    /// <summary>The tests line of a gate, e.g. <c>Tests: 5 total, 3 passed, 2 failed, 0 skipped</c>.</summary>
    public static string? TestsLine(ProofGate g) => g.Tests is { } t
        ? string.Create(CultureInfo.InvariantCulture, $"Tests: {t.Total} total, {t.Passed} passed, {t.Failed} failed, {t.Skipped} skipped")
        : null;

    public static void AppendGateEvidence(StringBuilder md, ProofGate g)
    {
        if (g.Findings is { Count: > 0 } findings)
        {
            var total = g.FindingsTotal is { } t ? t.Errors + t.Warnings : findings.Count;
            md.Append(CultureInfo.InvariantCulture, $"Findings ({Shown(findings.Count, total)}):\n\n| Location | Code | Message |\n|---|---|---|\n");
            foreach (var f in findings.OrderBy(f => f.Severity == "error" ? 0 : 1).Take(MaxRows))
            {
                var icon = f.Severity == "error" ? "❌" : "⚠️";
                md.Append(CultureInfo.InvariantCulture, $"| {icon} {Cell(Location(f.File, f.Line, f.Column) ?? "–")} | {Cell(f.Code ?? "–")} | {Cell(Cut(f.Message))} |\n");
            }

            More(md, total, Math.Min(MaxRows, findings.Count));
        }

        if (g.FailedTests is { Count: > 0 } failed)
        {
            var total = g.Tests?.Failed ?? failed.Count;
            md.Append(CultureInfo.InvariantCulture, $"Failed tests ({Shown(failed.Count, total)}):\n\n| Test | Location | Message |\n|---|---|---|\n");
            foreach (var t in failed.Take(MaxRows))
            {
                md.Append(CultureInfo.InvariantCulture, $"| {Cell(t.Name)} | {Cell(Location(t.File, t.Line, null) ?? "–")} | {Cell(Cut(t.Message ?? "–"))} |\n");
            }

            More(md, total, Math.Min(MaxRows, failed.Count));
        }

        // The tail, unless the first lines of stdout and stderr already show all of it (a short output).
        if (g.Evidence.OutputTail is { Count: > 0 } tail && !tail.All(l => Shown(l, g.Evidence)))
        {
            var lines = tail.Skip(Math.Max(0, tail.Count - MaxTailLines)).ToList();
            var text = string.Join('\n', lines);
            var fence = new string('`', Math.Max(3, Storage.DisplayText.LongestRun(text, '`') + 1)); // longer than any run inside
            md.Append("Last lines of output:\n\n").Append(fence).Append("text\n").Append(text.TrimEnd()).Append('\n').Append(fence).Append("\n\n");
        }
    }

    public static string? Location(string? file, int? line, int? column) => file is null
        ? null
        : file + (line is { } l ? ":" + l.ToString(CultureInfo.InvariantCulture) + (column is { } c ? ":" + c.ToString(CultureInfo.InvariantCulture) : string.Empty) : string.Empty);

    private static bool Shown(string line, ProofGateEvidence e) =>
        string.IsNullOrWhiteSpace(line)
        || (e.StdoutSummary?.Contains(line.Trim(), StringComparison.Ordinal) ?? false)
        || (e.StderrSummary?.Contains(line.Trim(), StringComparison.Ordinal) ?? false);

    private static void More(StringBuilder md, int total, int shown)
    {
        if (total > shown)
        {
            md.Append(CultureInfo.InvariantCulture, $"| … | | {total - shown} more (see proof.json and the gate log) |\n");
        }

        md.Append('\n');
    }

    private static string Shown(int listed, int total) => total > Math.Min(listed, MaxRows)
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Min(listed, MaxRows)} of {total}")
        : total.ToString(CultureInfo.InvariantCulture);

    private static string Cut(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(5);
        var joined = string.Join(" ⏎ ", lines);
        return joined.Length > MaxMessage ? joined[..MaxMessage] + "…" : joined;
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
}
