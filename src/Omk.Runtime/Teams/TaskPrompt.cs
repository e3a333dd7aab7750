using System.Text;

namespace Omk.Teams;

/// <summary>The prompts a worker gives its agent: the task's first turn (and a later attempt's), and a fix turn after gates failed.</summary>
public static class TaskPrompt
{
    public static string Build(TeamTask task, IReadOnlyList<string> gateNames, int attempt, IReadOnlyList<string> previousFindings, IReadOnlyList<string>? continuation = null)
    {
        var sb = new StringBuilder();
        sb.Append("Task ").Append(task.Id).Append(": ").Append(task.Title).Append("\n\n").Append(task.Prompt.Trim()).Append("\n\n");
        sb.Append("You work in a git worktree of your own (the current directory) on the task's branch. Omk commits what you change.\n");
        sb.Append(task.WriteSet.Count == 0
            ? "Write set: none. Do not change any file.\n"
            : "Write set: change only files matching " + string.Join(", ", task.WriteSet) + ". A change outside it fails the task.\n");
        if (task.Acceptance.Count > 0)
        {
            sb.Append("Acceptance: these commands must exit 0 in the worktree: ").Append(string.Join("; ", task.Acceptance)).Append('\n');
        }

        sb.Append("Gates that will judge the result: ").Append(gateNames.Count == 0 ? "(none besides the acceptance commands)" : string.Join(", ", gateNames)).Append('\n');
        if (continuation is { Count: > 0 })
        {
            sb.Append("\nThis task continues earlier work, already in this worktree: go on from what is there, do not start over.\n");
            Findings(sb, continuation);
        }

        if (attempt > 1 && previousFindings.Count > 0)
        {
            sb.Append("\nThis is attempt ").Append(attempt).Append(". The previous attempt failed with these findings:\n");
            Findings(sb, previousFindings);
        }

        return sb.ToString();
    }

    public static string Fix(TeamTask task, int round, IReadOnlyList<string> findings)
    {
        var sb = new StringBuilder();
        sb.Append("The gates of task ").Append(task.Id).Append(" failed (fix round ").Append(round).Append("). Findings:\n");
        Findings(sb, findings);
        sb.Append("Fix the cause, changing only files in the write set (")
            .Append(task.WriteSet.Count == 0 ? "none" : string.Join(", ", task.WriteSet)).Append("). The gates run again after your turn.\n");
        return sb.ToString();
    }

    private static void Findings(StringBuilder sb, IReadOnlyList<string> findings)
    {
        foreach (var finding in findings.Take(40))
        {
            sb.Append("- ").Append(finding.Length > 2000 ? finding[..2000] + "…" : finding).Append('\n');
        }
    }
}
