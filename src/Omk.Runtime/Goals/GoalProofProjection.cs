using System.Globalization;
using System.Text;
using System.Text.Json;
using Omk.Proofs;
using Omk.Runs;
using Omk.Storage;

namespace Omk.Goals;

/// <summary>The goal's proof as a projection of its log (and the budget folded from it), its known gaps and its markdown.</summary>
public static class GoalProofProjection
{
    public static GoalProof Project(RunDirectory run, GoalView view, string status, string reason, string? next, DateTimeOffset now)
    {
        var last = view.Rounds.LastOrDefault(r => r.Verified is not null);
        var review = view.Rounds.LastOrDefault(r => r.Reviewed is not null)?.Reviewed;
        var tasks = new List<GoalProofTask>();
        foreach (var round in view.Rounds)
        {
            var statuses = round.TeamFinished is null
                ? LiveStatuses(run, round)
                : (round.TeamFinished.Tasks ?? []).Select(s => s.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            var branches = (round.TeamFinished?.Branches ?? []).ToDictionary(b => b.TaskId, StringComparer.Ordinal);
            var continued = round.Continued.ToDictionary(b => b.TaskId, StringComparer.Ordinal);
            foreach (var task in round.Tasks)
            {
                var branch = branches.GetValueOrDefault(task.Id);
                tasks.Add(new GoalProofTask(task.Id, task.Title, round.Number, round.Kind, statuses.GetValueOrDefault(task.Id) ?? "pending")
                {
                    TeamRunId = round.TeamRunId,
                    Branch = branch?.Branch,
                    Head = branch?.Head,
                    Proof = round.TeamRunId is null ? null : $"runs/{round.TeamRunId}/tasks/{task.Id}/proof.json",
                    Error = round.TeamFinished?.Findings?.FirstOrDefault(f => f.StartsWith($"task {task.Id} ", StringComparison.Ordinal)),
                    ContinuedFrom = continued.GetValueOrDefault(task.Id) is { } from ? $"{from.Branch}@{from.Head}" : null,
                });
            }
        }

        var budget = GoalBudget.State(GoalBudget.Fold(run));
        var work = view.Rounds.Sum(r => (r.TeamFinished?.Seconds ?? 0) + (r.Verified?.Seconds ?? 0) + (r.Reviewed?.Seconds ?? 0));
        var active = view.Active.TotalSeconds;
        var decided = GoalLog.Read(run.EventsPath);
        var gaps = status == GoalStatus.Ready ? [] : Gaps(view, null).Concat(FinalFindings(decided)).Distinct(StringComparer.Ordinal).ToList();
        return new GoalProof(view.GoalId, view.Goal, status, reason, next)
        {
            GeneratedAt = now,
            BaseCommit = view.BaseCommit,
            Branch = GoalView.Branch(view.GoalId),
            Commit = view.Rounds.Any(r => r.Integrated?.Commit is not null) ? view.IntegrationHead : null,
            Phase = view.Phase,
            Plan = GoalLog.Definitions(view.Plan ?? []),
            Tasks = tasks,
            Gates = last?.Verified?.Gates ?? [],
            GatesProof = last?.Verified?.Path,
            ReviewVerdict = review?.Verdict,
            ReviewFindings = review?.ReviewFindings ?? [],
            Sensitive = review?.Sensitive ?? [],
            KnownGaps = gaps,
            Rounds = view.Rounds.Count,
            FixRoundsUsed = view.FixRoundsUsed,
            Budget = budget,
            ElapsedSecs = Math.Round(active, 3),
            OrchestrationShare = active > 0 && view.Rounds.Count > 0 ? Math.Round(Math.Clamp((active - work - PlannerSeconds(run)) / active, 0, 1), 4) : null,
            PullRequestUrl = view.Delivered?.PullRequestUrl,
            DeliveredTo = view.Delivered is null ? null : view.Settings.Remote,
        };
    }

    /// <summary>The statuses of a round's tasks while its team run is live (or was interrupted), from the team's log.</summary>
    private static Dictionary<string, string> LiveStatuses(RunDirectory run, GoalRound round)
    {
        var marker = Path.Combine(run.StateDirectory, $"round-{round.Number}.team-run");
        var id = round.TeamRunId ?? (File.Exists(marker) ? File.ReadAllText(marker).Trim() : null);
        var log = id is null ? null : Path.Combine(Path.GetDirectoryName(run.Path)!, id, Events.EventSchema.FileName);
        return log is not null && File.Exists(log)
            ? Teams.TeamLog.Read(log).Tasks.ToDictionary(t => t.Id, t => t.Phase is null ? t.Status : $"{t.Status} ({t.Phase})", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>What stands between the goal and <c>ready</c>, from its log (declared gates counted by the caller when known).</summary>
    public static IReadOnlyList<string> Gaps(GoalView view, int? declaredGates)
    {
        var gaps = new List<string>();
        if (declaredGates == 0)
        {
            gaps.Add("the repository declares no gates: nothing verified the change");
        }

        var last = view.Rounds.LastOrDefault();
        if (last?.Verified is not { } verified)
        {
            gaps.Add("the integrated tree was not verified");
        }
        else if (verified.Status != GateStatus.Passed)
        {
            gaps.Add($"gates failed on the integrated tree after {view.FixRoundsUsed} fix round(s): {string.Join(", ", (verified.Gates ?? []).Where(g => g.Required && g.Status != GateStatus.Passed).Select(g => g.Name))}");
        }
        else if (view.Settings.Review)
        {
            if (last.Reviewed is not { } reviewed)
            {
                gaps.Add("the integrated change was not reviewed");
            }
            else
            {
                if (reviewed.Verdict != GoalReviewAnswer.Approve)
                {
                    gaps.Add($"the reviewer requested changes ({(reviewed.ReviewFindings ?? []).Count} finding(s)) after {view.FixRoundsUsed} fix round(s)");
                }

                var approved = (reviewed.ApprovedSensitive ?? []).ToHashSet(StringComparer.Ordinal);
                gaps.AddRange((reviewed.Sensitive ?? []).Where(p => !approved.Contains(p)).Select(p => $"the change touches {p} (what judges it) without the reviewer's explicit approval"));
            }
        }

        var merged = view.Rounds.SelectMany(r => r.Integrated?.Branches ?? []).Select(b => b.TaskId).ToHashSet(StringComparer.Ordinal);
        foreach (var round in view.Rounds.Where(r => r.TeamFinished?.Status is not (Teams.TeamProofProjection.Cancelled or Teams.TeamProofProjection.NeedsMoreBudget or Teams.TeamProofProjection.Paused)))
        {
            foreach (var finding in round.TeamFinished?.Findings ?? [])
            {
                var id = finding.Split(' ', 3)[1];
                if (!merged.Contains(id) && !view.Rounds.Any(r => r.Number > round.Number && r.TeamFinished?.Branches?.Any(b => b.TaskId == id) == true))
                {
                    gaps.Add(finding);
                }
            }
        }

        return gaps;
    }

    public static void Write(RunDirectory run, GoalProof proof)
    {
        AtomicFile.WriteAllText(run.ProofJsonPath, JsonSerializer.Serialize(proof, GoalJsonContext.Indented.GoalProof) + "\n");
        AtomicFile.WriteAllText(run.ProofMarkdownPath, Markdown(proof));
    }

    public static GoalProof? Read(RunDirectory run)
    {
        try
        {
            return File.Exists(run.ProofJsonPath) ? JsonSerializer.Deserialize(File.ReadAllText(run.ProofJsonPath), GoalJsonContext.Indented.GoalProof) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Markdown(GoalProof proof)
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"# Goal {proof.GoalId}: {proof.Status}").AppendLine();
        md.AppendLine(c, $"> {Inline(proof.Goal)}").AppendLine();
        md.AppendLine(c, $"**{proof.Status}**: {Inline(proof.Reason)}");
        if (proof.Status != GoalStatus.Ready)
        {
            md.AppendLine().AppendLine(c, $"> **The goal is not met.** This is not a finished result: {NotMet(proof.Status)} The known gaps below say what is missing; the branch holds the work as far as it went.");
        }
        if (proof.Next is not null)
        {
            md.AppendLine().AppendLine(c, $"Next: `{proof.Next}`");
        }

        md.AppendLine().AppendLine(c, $"- branch `{proof.Branch}` at `{proof.Commit ?? "(nothing integrated)"}`, base `{proof.BaseCommit}`");
        md.AppendLine(c, $"- rounds {proof.Rounds} ({proof.FixRoundsUsed} fix), elapsed {proof.ElapsedSecs:0.#}s, orchestration {(proof.OrchestrationShare is { } o ? (o * 100).ToString("0.#", c) + "%" : "n/a")}");
        if (proof.Budget is { } b)
        {
            md.AppendLine(c, $"- budget used: {b.Tokens} tokens{(b.LimitTokens is { } t ? " of " + t : string.Empty)}, ${b.Usd}{(b.LimitUsd is { } u ? " of $" + u : string.Empty)}, {(long)b.Elapsed.TotalSeconds}s{(b.LimitSecs is { } s ? " of " + s + "s" : string.Empty)}");
        }

        if (proof.PullRequestUrl is not null)
        {
            md.AppendLine(c, $"- pull request: {proof.PullRequestUrl}");
        }

        md.AppendLine().AppendLine("## Tasks").AppendLine().AppendLine("| task | round | status | head |").AppendLine("| --- | --- | --- | --- |");
        foreach (var t in proof.Tasks)
        {
            var continued = t.ContinuedFrom is { } from ? $" (continued from `{Inline(from.Split('@')[0])}` at `{from.Split('@')[^1][..Math.Min(12, from.Split('@')[^1].Length)]}`)" : string.Empty;
            md.AppendLine(c, $"| {Cell(t.Id)} | {t.Round} ({t.Kind}) | {t.Status}{continued} | {(t.Head is null ? string.Empty : "`" + t.Head[..Math.Min(12, t.Head.Length)] + "`")} |");
        }

        md.AppendLine().AppendLine("## Gates on the integration head").AppendLine().AppendLine("| gate | status | reason |").AppendLine("| --- | --- | --- |");
        foreach (var g in proof.Gates)
        {
            md.AppendLine(c, $"| {Cell(g.Name)} | {g.Status} | {Cell(g.Reason ?? string.Empty)} |");
        }

        md.AppendLine().AppendLine(c, $"## Review: {proof.ReviewVerdict ?? "none"}").AppendLine();
        foreach (var f in proof.ReviewFindings)
        {
            md.AppendLine(c, $"- {Inline(f.File ?? "(general)")}{(f.Line is { } l ? ":" + l : string.Empty)}: {Inline(f.Message)}");
        }

        if (proof.KnownGaps.Count > 0)
        {
            md.AppendLine().AppendLine("## Known gaps").AppendLine();
            foreach (var gap in proof.KnownGaps)
            {
                md.AppendLine(c, $"- {Inline(gap)}");
            }
        }

        return md.ToString();
    }

    private static string NotMet(string status) => status switch
    {
        GoalStatus.NotReady => "the goal ran to its end, and a gate, the review or a check says no.",
        GoalStatus.Failed => "the goal could not run to its end.",
        _ => $"the goal stopped ({status}) before a verdict; it can be resumed.",
    };

    private static IEnumerable<string> FinalFindings(GoalView view) => view.DecidedFindings;

    /// <summary>One line of text for markdown: control characters dropped, backticks and newlines neutralised.</summary>
    private static string Inline(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            sb.Append(ch is '\n' or '\r' or '\t' ? ' ' : char.IsControl(ch) ? '\uFFFD' : ch == '`' ? '\'' : ch);
        }

        return sb.ToString();
    }

    private static string Cell(string text) => Inline(text).Replace("|", "\\|", StringComparison.Ordinal);

    private static double PlannerSeconds(RunDirectory run) =>
        Events.EventReader.Read(run.EventsPath)
            .Where(e => e.Kind == Events.EventKind.TaskOutput && e.PayloadString("wire_event") == "goal_planner_answer")
            .Sum(e => e.Payload is { } p && p.TryGetProperty("seconds", out var s) && s.TryGetDouble(out var d) ? d : 0);
}
