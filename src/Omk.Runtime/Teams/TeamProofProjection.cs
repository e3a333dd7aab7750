using System.Globalization;
using System.Text;
using System.Text.Json;
using Omk.Storage;

namespace Omk.Teams;

/// <summary>The team proof as a projection of the team log (plus the task list for tasks the log never mentions), and its markdown.</summary>
public static class TeamProofProjection
{
    public const string Ready = "ready";
    public const string Failed = "failed";
    public const string BlockedOnHuman = "blocked_on_human";
    public const string Cancelled = "cancelled";
    public const string NotReady = "not_ready";
    public const string NeedsMoreBudget = "needs_more_budget";
    public const string Paused = "paused";

    /// <summary>The mode of <c>omk ralph</c>'s runs: one task looped against the gates.</summary>
    public const string RalphMode = "ralph";

    public static TeamProof Project(TeamView view, DateTimeOffset now)
    {
        var tasks = view.Tasks;
        var status = StatusOf(view);
        var counts = tasks.GroupBy(t => t.Status).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}");
        var summary = $"{status}: {tasks.Count} task(s): {string.Join(", ", counts)}";
        double? elapsed = view.StartedAt is { } s ? Math.Round(((view.EndedAt ?? now) - s).TotalSeconds, 1) : null;
        return new TeamProof(
            view.RunId, status, summary, now, view.BaseCommit, elapsed, tasks,
            tasks.Sum(t => t.InputTokens), tasks.Sum(t => t.OutputTokens), tasks.Sum(t => t.CostUsd))
        {
            Mode = view.Mode,
        };
    }

    public static string StatusOf(TeamView view)
    {
        if (view.Interrupted)
        {
            return Cancelled;
        }

        if (view.Paused && view.Tasks.Any(t => t.Status != TeamTaskStatus.Completed))
        {
            return Paused;
        }

        if (view.Tasks.Any(t => t.Status == TeamTaskStatus.NeedsMoreBudget))
        {
            return NeedsMoreBudget;
        }

        // A ralph loop that ran to its end with gates still saying no (or saying the same twice) is not ready, not failed.
        if (view.Mode == RalphMode && view.Tasks.Count > 0 && view.Tasks.All(t => t.Status == TeamTaskStatus.NoProgress
            || (t.Status == TeamTaskStatus.Failed && t.Gates.Any(g => g.Status == Proofs.GateStatus.Failed))))
        {
            return NotReady;
        }

        if (view.Tasks.Any(t => t.Status is not (TeamTaskStatus.Completed or TeamTaskStatus.Pending or TeamTaskStatus.Running or TeamTaskStatus.BlockedOnHuman)))
        {
            return Failed;
        }

        if (view.Tasks.Any(t => t.Status == TeamTaskStatus.BlockedOnHuman))
        {
            return BlockedOnHuman;
        }

        return view.Tasks.Count > 0 && view.Tasks.All(t => t.Status == TeamTaskStatus.Completed) ? Ready : NotReady;
    }

    public static string ToJson(TeamProof proof) => JsonSerializer.Serialize(proof, TeamJsonContext.File.TeamProof) + "\n";

    public static void Write(string runDirectory, TeamProof proof)
    {
        AtomicFile.WriteAllText(Path.Combine(runDirectory, "proof.json"), ToJson(proof), durable: false);
        AtomicFile.WriteAllText(Path.Combine(runDirectory, "proof.md"), Markdown(proof), durable: false);
    }

    public static string Markdown(TeamProof proof)
    {
        var md = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        md.Append(ci, $"# Team run {proof.RunId}: {proof.Status}\n\n{Cell(proof.Summary)}\n\n");
        md.Append(ci, $"Base commit: `{proof.BaseCommit ?? "?"}` · elapsed: {proof.ElapsedSecs?.ToString("0.#", ci) ?? "?"} s · tokens: {proof.InputTokens} in / {proof.OutputTokens} out (~${proof.CostUsd:0.####})\n\n");
        md.Append("| task | status | attempts | branch | commit | gates | tokens |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var t in proof.Tasks)
        {
            var gates = t.Gates.Count == 0 ? "-" : string.Join(", ", t.Gates.Select(g => $"{g.Name} {g.Status}"));
            var head = t.Head is null ? "-" : $"`{t.Head[..Math.Min(12, t.Head.Length)]}`";
            md.Append(ci, $"| {Cell(t.Id)} | {t.Status} | {t.Attempts} | {Cell(t.Branch ?? "-")} | {head} | {Cell(gates)} | {t.InputTokens}/{t.OutputTokens} |\n");
        }

        var problems = proof.Tasks.Where(t => t.Error is not null || t.Findings.Count > 0).ToList();
        if (problems.Count > 0)
        {
            md.Append("\n## Findings\n\n");
            foreach (var t in problems)
            {
                md.Append(ci, $"- **{Cell(t.Id)}** ({t.Status}): {Cell(t.Error ?? string.Empty)}\n");
                foreach (var finding in t.Findings.Take(20))
                {
                    md.Append(ci, $"  - {Cell(finding)}\n");
                }
            }
        }

        return md.ToString();
    }

    private static string Cell(string text) =>
        new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
}
