using System.Globalization;
using System.Text;
using Omk.Storage;

namespace Omk.Proofs;

/// <summary>
/// Renders a proof as GitHub-flavoured Markdown, for people and for pull request comments. Everything in it is
/// stripped of control sequences (<see cref="DisplayText"/>), and output is fenced with more backticks than it holds.
/// </summary>
public static class ProofMarkdown
{
    public static string Render(Proof proof)
    {
        var md = new StringBuilder();
        var (icon, title) = proof.Status switch
        {
            ProofStatus.Ready => ("✅", "ready"),
            ProofStatus.Failed => ("❌", "failed"),
            ProofStatus.Partial => ("⚠️", "partial"),
            ProofStatus.Cancelled => ("⏹️", "cancelled"),
            _ => ("⚠️", "not ready"),
        };
        md.Append(CultureInfo.InvariantCulture, $"# {icon} Omk proof: {title}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"> {proof.Summary}\n\n");

        var facts = new List<string> { $"**Run** `{proof.RunId}`" };
        if (proof.Commit is { } commit)
        {
            facts.Add($"**Commit** `{Short(commit)}`" + (proof.Dirty == true ? " (uncommitted changes)" : string.Empty));
        }

        if (proof.Branch is { } branch)
        {
            facts.Add($"**Branch** `{branch}`");
        }

        if (proof.Base is { } @base)
        {
            facts.Add($"**Base** `{@base}`");
        }

        if (proof.ElapsedMs is { } ms)
        {
            facts.Add($"**Elapsed** {Duration(ms)}");
        }

        md.Append(string.Join(" · ", facts)).Append("\n\n");
        md.Append(CultureInfo.InvariantCulture, $"**Status** `{proof.Status}` · **Readiness** `{proof.Readiness}` — {ProofStatus.ReadinessDetailOf(proof.Readiness)}\n\n");

        ProofEvidenceMarkdown.AppendSelection(md, proof);
        ProofAffectedMarkdown.Append(md, proof);
        md.Append("## Gates\n\n");
        if (proof.Gates.Count == 0)
        {
            md.Append("_none_\n\n");
        }
        else
        {
            md.Append("| Gate | Status | Required | Exit | Duration |\n|---|---|---|---|---|\n");
            foreach (var g in proof.Gates)
            {
                var exit = g.Evidence.TimedOut ? "timed out" : g.Evidence.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "–";
                var duration = g.Evidence.DurationMs is { } d ? Duration(d) : "–";
                var required = g.Required ? "yes" : g.AllowFail == true ? "no (allow fail)" : "no (optional)";
                var reused = g.ReusedFrom is { } from ? $" (reused from `{DisplayText.Strip(from.Run).Replace("`", "'", StringComparison.Ordinal)}`)" : string.Empty;
                md.Append(CultureInfo.InvariantCulture, $"| {NameCell(g.Name)} | {StatusCell(g.Status)}{reused} | {required} | {exit} | {duration} |\n");
            }

            md.Append('\n');
            foreach (var g in proof.Gates.Where(g => g.Status == GateStatus.Passed && (g.Tests is not null || g.Flaky == true)))
            {
                md.Append(CultureInfo.InvariantCulture, $"- ✅ {g.Name}: {ProofEvidenceMarkdown.TestsLine(g) ?? "passed"}{(g.Flaky == true ? $" — flaky, passed on attempt {g.Attempts?.Count ?? 2}" : string.Empty)}\n");
            }

            if (proof.Gates.Any(g => g.Status == GateStatus.Passed && (g.Tests is not null || g.Flaky == true)))
            {
                md.Append('\n');
            }

            foreach (var g in proof.Gates.Where(g => g.Status != GateStatus.Passed))
            {
                AppendGateDetail(md, g);
            }
        }

        md.Append(CultureInfo.InvariantCulture, $"## Changed files ({proof.ChangedFiles.Count})\n\n");
        if (proof.ChangedFiles.Count == 0)
        {
            md.Append("_none_\n\n");
        }
        else
        {
            md.Append("| Operation | Path |\n|---|---|\n");
            foreach (var f in proof.ChangedFiles)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {f.Operation} | {Cell(f.Path)} |\n");
            }

            md.Append('\n');
        }

        AppendList(md, "Failures", proof.Failures.Select(f => f.Description + (f.WorkerId is null ? string.Empty : $" ({f.WorkerId})")));
        if (proof.Retries.Count > 0)
        {
            AppendList(md, "Retries", proof.Retries.Select(r => $"{(r.GateId is { } gate ? "gate " + gate : r.TaskId ?? "?")} attempt {r.Attempt?.ToString(CultureInfo.InvariantCulture) ?? "?"}: {r.Reason}"));
        }

        AppendList(md, "Known gaps", proof.KnownGaps);
        md.Append(CultureInfo.InvariantCulture, $"Readiness verdict: `{proof.Readiness}`.\n");
        return DisplayText.Strip(md.ToString());
    }

    private static void AppendGateDetail(StringBuilder md, ProofGate g)
    {
        md.Append(CultureInfo.InvariantCulture, $"### {StatusIcon(g.Status)} {NameCell(g.Name)}\n\n");
        var e = g.Evidence;
        if (g.SourceFile is { } file)
        {
            md.Append(CultureInfo.InvariantCulture, $"- Declared at `{file}{(g.SourceLine is { } line ? ":" + line.ToString(CultureInfo.InvariantCulture) : string.Empty)}`\n");
        }

        if (e.CommandLine is { } cmd)
        {
            md.Append(CultureInfo.InvariantCulture, $"- Command: `{cmd.Replace('`', '\'')}`\n");
        }

        if (e.Reason is { } reason)
        {
            md.Append(CultureInfo.InvariantCulture, $"- Reason: {reason}\n");
        }

        if (e.Message is { } message && message != e.Reason)
        {
            md.Append(CultureInfo.InvariantCulture, $"- Message: {message}\n");
        }

        if (e.OutputPath is { } log)
        {
            md.Append(CultureInfo.InvariantCulture, $"- Log: `{log}`\n");
        }

        if (ProofEvidenceMarkdown.TestsLine(g) is { } tests)
        {
            md.Append("- ").Append(tests).Append('\n');
        }

        foreach (var (key, value) in e.Values ?? new Dictionary<string, string>())
        {
            md.Append(CultureInfo.InvariantCulture, $"- {key}: {value}\n");
        }

        md.Append('\n');
        ProofEvidenceMarkdown.AppendGateEvidence(md, g);
        AppendBlock(md, "stdout", e.StdoutSummary);
        AppendBlock(md, "stderr", e.StderrSummary);
    }

    internal static void AppendBlock(StringBuilder md, string label, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        text = DisplayText.Strip(text);
        var fence = new string('`', Math.Max(3, DisplayText.LongestRun(text, '`') + 1));
        md.Append(label).Append(":\n\n").Append(fence).Append("text\n").Append(text.TrimEnd()).Append('\n').Append(fence).Append("\n\n");
    }

    private static void AppendList(StringBuilder md, string title, IEnumerable<string> items)
    {
        var list = items.ToList();
        md.Append("## ").Append(title).Append("\n\n");
        if (list.Count == 0)
        {
            md.Append("_none_\n\n");
            return;
        }

        foreach (var item in list)
        {
            md.Append("- ").Append(item).Append('\n');
        }

        md.Append('\n');
    }

    private static string StatusCell(string status) => $"{StatusIcon(status)} {status}";

    private static string StatusIcon(string status) => status switch
    {
        GateStatus.Passed => "✅",
        GateStatus.Failed => "❌",
        _ => "⏭️",
    };

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    // A gate's name, cut to a readable length: a 10,000-character name must not wreck the table (the full name is in proof.json).
    private static string NameCell(string name)
    {
        var cell = Cell(name);
        return cell.Length > MaxName ? cell[..(MaxName - 1)] + "…" : cell;
    }

    private const int MaxName = 80;

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    internal static string Duration(long ms) => ms < 1000
        ? ms.ToString(CultureInfo.InvariantCulture) + " ms"
        : ms < 60_000
            ? (ms / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " s"
            : $"{ms / 60_000} min {ms % 60_000 / 1000} s";
}
