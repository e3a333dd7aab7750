using System.CommandLine;
using System.Text.Json;
using Omk.Goals;
using Omk.Runs;
using Omk.Teams;

namespace Omk.Cli.Commands;

/// <summary><c>omk goal run|plan|status|show|list|pause|resume|cancel|budget-add</c>: goals, watched and continued from their log.</summary>
public static class GoalCommand
{
    public static Command Create()
    {
        var command = new Command("goal", "From one sentence to a verified, reviewed, budgeted and delivered result.");
        command.Add(GoalRunCommand.Run());
        command.Add(GoalRunCommand.Plan());
        command.Add(Status());
        command.Add(Show());
        command.Add(List());
        command.Add(GoalControlCommands.Pause());
        command.Add(GoalControlCommands.Resume());
        command.Add(GoalControlCommands.Cancel());
        command.Add(GoalControlCommands.BudgetAdd());
        return command;
    }

    private static Command Status()
    {
        var id = IdArgument();
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var json = CommonOptions.Json("Print the goal's state (status, phase, tasks, budget used and left, elapsed) as JSON.");
        var command = new Command("status", "Show a goal as its log tells it, live: phase, tasks, budget used and left, elapsed.") { id, repo, stateDir, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var run = await FindAsync(parse.GetValue(id), parse.GetValue(repo), parse.GetValue(stateDir), cancellationToken);
            var view = GoalLog.Read(run.EventsPath);
            var live = view.Ended is null && TeamRunLock.IsHeld(run.Path);
            var status = view.Ended is not null ? view.FinalStatus! : view.Stopped?.Status ?? (live ? GoalStatus.Running : "interrupted");
            var proof = GoalProofProjection.Project(run, view, status, view.EndReason ?? view.Stopped?.Reason ?? (live ? "running" : "nobody drives it; continue with omk goal resume"), view.Stopped?.Next ?? (live ? null : GoalController.Next("resume", run)), TimeProvider.System.GetUtcNow());
            if (parse.GetValue(json))
            {
                Console.Out.Write(JsonSerializer.Serialize(proof, GoalJsonContext.Compact.GoalProof) + "\n");
                return ExitCodes.Ready;
            }

            Console.Out.WriteLine($"goal {run.RunId}: {status} (phase {view.Phase ?? "intake"}), elapsed {proof.ElapsedSecs:0}s");
            Console.Out.WriteLine($"  {view.Goal}");
            if (proof.Budget is { } b)
            {
                Console.Out.WriteLine($"  budget: {b.Tokens} tokens used{(b.RemainingTokens is { } t ? $", {t} left" : string.Empty)}; ${b.Usd} used{(b.RemainingUsd is { } u ? $", ${u} left" : string.Empty)}; {(long)b.Elapsed.TotalSeconds}s used{(b.RemainingSecs is { } s ? $", {s}s left" : string.Empty)}");
            }

            foreach (var task in proof.Tasks)
            {
                Console.Out.WriteLine($"  round {task.Round} {task.Kind,-8} {task.Id,-16} {task.Status}{(task.ContinuedFrom is { } from ? " (continues " + from + ")" : string.Empty)}");
            }

            if (proof.Next is not null)
            {
                Console.Out.WriteLine($"  next: {proof.Next}");
            }

            return ExitCodes.Ready;
        });
        return command;
    }

    private static Command Show()
    {
        var id = IdArgument();
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var json = CommonOptions.Json("Print proof.json.");
        var md = new Option<bool>("--md") { Description = "Print proof.md." };
        var command = new Command("show", "Show a goal's proof (the verdict, reason, next command, plan, tasks, gates, review, budget).") { id, repo, stateDir, json, md };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var run = await FindAsync(parse.GetValue(id), parse.GetValue(repo), parse.GetValue(stateDir), cancellationToken);
            var proof = GoalProofProjection.Read(run) ?? throw new UsageException($"goal {run.RunId} has no proof yet (it is still running; see omk goal status {run.RunId}).");
            if (parse.GetValue(json))
            {
                Console.Out.Write(await File.ReadAllTextAsync(run.ProofJsonPath, cancellationToken));
            }
            else if (parse.GetValue(md))
            {
                Console.Out.Write(await File.ReadAllTextAsync(run.ProofMarkdownPath, cancellationToken));
            }
            else
            {
                Console.Out.WriteLine($"goal {proof.GoalId}: {proof.Status}: {proof.Reason}");
                Console.Out.WriteLine($"  {proof.Goal}");
                Console.Out.WriteLine($"  branch {proof.Branch} at {proof.Commit ?? "(nothing integrated)"}; review {proof.ReviewVerdict ?? "none"}; {proof.Tasks.Count} task(s) in {proof.Rounds} round(s)");
                foreach (var gap in proof.KnownGaps)
                {
                    Console.Out.WriteLine($"  gap: {gap}");
                }

                if (proof.Next is not null)
                {
                    Console.Out.WriteLine($"  next: {proof.Next}");
                }
            }

            return GoalStatus.ExitCode(proof.Status);
        });
        return command;
    }

    private static Command List()
    {
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var command = new Command("list", "List the goals of the repository, oldest first: id, status, goal.") { repo, stateDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await RepoLocation.StoreAsync(parse.GetValue(repo), parse.GetValue(stateDir), cancellationToken);
            foreach (var run in LatestGoal.List(store))
            {
                var view = GoalLog.Read(run.EventsPath);
                var status = view.FinalStatus ?? view.Stopped?.Status ?? (TeamRunLock.IsHeld(run.Path) ? GoalStatus.Running : "interrupted");
                Console.Out.WriteLine($"{run.RunId}  {status,-18} {view.Goal.Split('\n')[0]}");
            }

            return ExitCodes.Ready;
        });
        return command;
    }

    internal static Argument<string?> IdArgument() => new("id") { Description = "The goal id (default: the latest goal).", Arity = ArgumentArity.ZeroOrOne };

    internal static async Task<RunDirectory> FindAsync(string? id, string? repo, string? stateDir, CancellationToken cancellationToken)
    {
        var store = await RepoLocation.StoreAsync(repo, stateDir, cancellationToken);
        return LatestGoal.Find(store, id) ?? throw new UsageException(id is null or "latest" ? $"no goal in {store.RunsDirectory}." : $"no goal '{id}' in {store.RunsDirectory}.");
    }
}
