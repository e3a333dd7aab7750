using System.Text;
using Omk.Teams;

namespace Omk.Goals;

/// <summary>The controller's prompts: the planner's, the reviewer's, and the tasks it makes for fixes and conflicts.</summary>
public static class GoalPrompts
{
    public const string PlannerHeading = "You are the planner of an Omk goal.";
    public const string ReviewerHeading = "You are the reviewer of an Omk goal.";

    public static string Planner(string goal, IReadOnlyList<string> gates, string? previousAnswerErrors)
    {
        var sb = new StringBuilder();
        sb.AppendLine(PlannerHeading).AppendLine();
        sb.AppendLine("Goal:").AppendLine(goal).AppendLine();
        sb.AppendLine("Read the repository (do not change anything) and answer with exactly one fenced json block.");
        sb.AppendLine("If the goal has no observable, checkable outcome, answer {\"questions\":[\"…\"]} with what a human must decide.");
        sb.AppendLine("Otherwise answer a task file: {\"tasks\":[{\"id\",\"title\",\"prompt\",\"depends_on\":[],\"write_set\":[\"globs\"],\"acceptance\":[\"shell commands\"],\"gates\":[\"names\"]}]}.");
        sb.AppendLine("Tasks that may run in parallel must have write sets that do not overlap. Ids: letters, digits, '.', '_', '-'.");
        sb.AppendLine($"The repository's declared gates: {(gates.Count == 0 ? "none" : string.Join(", ", gates))}.");
        if (previousAnswerErrors is not null)
        {
            sb.AppendLine().AppendLine("Your previous answer was rejected:").AppendLine(previousAnswerErrors).AppendLine("Answer again, fixed.");
        }

        return sb.ToString();
    }

    public static string Reviewer(string goal, IReadOnlyList<TeamTask> plan, string diff, IReadOnlyList<string> sensitive)
    {
        var sb = new StringBuilder();
        sb.AppendLine(ReviewerHeading).AppendLine();
        sb.AppendLine("Goal:").AppendLine(goal).AppendLine();
        sb.AppendLine("Plan:");
        foreach (var task in plan)
        {
            sb.AppendLine($"- {task.Id}: {task.Title} (write set: {(task.WriteSet.Count == 0 ? "none" : string.Join(", ", task.WriteSet))})");
        }

        sb.AppendLine().AppendLine("The integrated change (its gates passed):").AppendLine("```diff").AppendLine(diff).AppendLine("```").AppendLine();
        if (sensitive.Count > 0)
        {
            sb.AppendLine("The change touches what judges it (gates, .omk, CI files, test filters): " + string.Join(", ", sensitive) + ".");
            sb.AppendLine("Approve each of them explicitly in \"approve_sensitive\":[paths] only if the change to it is right.");
        }

        sb.AppendLine("Review it (read only, change nothing) and answer exactly one fenced json block:");
        sb.AppendLine("{\"verdict\":\"approve\"|\"request_changes\",\"findings\":[{\"file\",\"line\",\"message\"}],\"approve_sensitive\":[]}");
        return sb.ToString();
    }

    public static TeamTask Fix(int round, string why, IReadOnlyList<string> findings, IReadOnlyList<string> writeSet) => new()
    {
        Id = $"fix-{round}",
        Title = $"fix round {round}: {why}",
        Prompt = $"The goal's integrated change is not done yet: {why}. Fix it within your write set.\n\nFindings:\n{string.Join("\n", findings.Select(f => "- " + f))}",
        WriteSet = writeSet,
        Gates = [],
    };

    public static TeamTask Conflict(int round, GoalBranch branch, IReadOnlyList<string> paths) => new()
    {
        Id = $"conflict-{round}",
        Title = $"resolve the conflict of task {branch.TaskId}",
        Prompt = $"Merging the branch of task '{branch.TaskId}' ({branch.Branch}) into the goal's integration branch conflicted. "
            + $"These files hold git conflict markers (<<<<<<< ======= >>>>>>>): {string.Join(", ", paths)}. "
            + "Resolve every conflict keeping the intent of both sides, remove the markers, and change nothing else.",
        WriteSet = paths,
        Gates = [],
    };
}
