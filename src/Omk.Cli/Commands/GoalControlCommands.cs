using System.CommandLine;
using Omk.Goals;
using Omk.Teams;

namespace Omk.Cli.Commands;

/// <summary><c>omk goal pause|resume|cancel|budget-add</c>.</summary>
public static class GoalControlCommands
{
    public static Command Pause() => Simple("pause", "Stop a goal at its next turn boundary (resume it later).", (control, run) => control.PauseAsync(run));

    public static Command Cancel() => Simple("cancel", "Stop a goal now (its agents and gates are killed); the finished work is kept and it can be resumed.", (control, run) => control.CancelAsync(run, "cancelled by omk goal cancel"));

    public static Command Resume()
    {
        var id = GoalCommand.IdArgument();
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var gatesDir = new Option<string?>("--gates-dir") { Description = "The folder of gate scripts (default: the goal's).", HelpName = "DIR" };
        var json = CommonOptions.Json("Print the result as one JSON object on stdout (as omk goal run --json).");
        var command = new Command("resume", "Continue a goal from its log (after pause, cancel, a spent budget, a block or a crash): done tasks stay done.") { id, repo, stateDir, gatesDir, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var run = await GoalCommand.FindAsync(parse.GetValue(id), parse.GetValue(repo), parse.GetValue(stateDir), cancellationToken);
            var view = GoalLog.Read(run.EventsPath);
            var settings = view.Settings;
            var repoRoot = await RepoLocation.ResolveAsync(parse.GetValue(repo) ?? view.RepoRoot, cancellationToken);
            var team = await TeamRunCommand.RequestAsync(
                repoRoot, parse.GetValue(stateDir), parse.GetValue(gatesDir) ?? settings.GatesDir, settings.Driver, settings.Agent, settings.Approval, settings.WorktreeRoot,
                new TeamOptions { Agents = settings.Agents, FixRounds = settings.FixRounds }, cancellationToken);
            try
            {
                var result = await new GoalController(SharedOptions.Environment(team), TimeProvider.System).ResumeAsync(run, cancellationToken);
                return GoalOutput.Report(result, parse.GetValue(json));
            }
            catch (TeamRunBusyException ex)
            {
                throw new UsageException(ex.Message, ex);
            }
        });
        return command;
    }

    public static Command BudgetAdd()
    {
        var id = new Argument<string>("id") { Description = "The goal id." };
        var tokens = new Option<long?>("--tokens") { Description = "Tokens to add.", HelpName = "N" };
        var time = new Option<string?>("--time") { Description = "Wall time to add (e.g. 30m).", HelpName = "DURATION" };
        var usd = new Option<decimal?>("--usd") { Description = "USD to add.", HelpName = "X" };
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var command = new Command("budget-add", "Extend a goal's budget (goal_budget_extended); continue it with omk goal resume.") { id, tokens, time, usd, repo, stateDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var added = (Tokens: parse.GetValue(tokens), Time: parse.GetValue(time) is { } t ? TimeoutOption.Parse("--time", t) : (TimeSpan?)null, Usd: parse.GetValue(usd));
            if (added.Tokens is null && added.Time is null && added.Usd is null)
            {
                throw new UsageException("budget-add needs --tokens N, --time D or --usd X.");
            }

            if (added.Tokens is <= 0 || added.Usd is <= 0)
            {
                throw new UsageException("budget-add adds: --tokens and --usd must be more than zero.");
            }

            var run = await GoalCommand.FindAsync(parse.GetValue(id), parse.GetValue(repo), parse.GetValue(stateDir), cancellationToken);
            var said = await new GoalControl(TimeProvider.System).BudgetAddAsync(run, added.Time is { } span ? (long)Math.Ceiling(span.TotalSeconds) : null, added.Tokens, added.Usd)
                ?? throw new UsageException($"goal {run.RunId} is being driven or has ended; a budget is added to a stopped goal (pause it first).");
            Console.Out.WriteLine(said);
            return ExitCodes.Ready;
        });
        return command;
    }

    private static Command Simple(string name, string description, Func<GoalControl, Omk.Runs.RunDirectory, Task<string>> act)
    {
        var id = GoalCommand.IdArgument();
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var command = new Command(name, description) { id, repo, stateDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var run = await GoalCommand.FindAsync(parse.GetValue(id), parse.GetValue(repo), parse.GetValue(stateDir), cancellationToken);
            Console.Out.WriteLine(await act(new GoalControl(TimeProvider.System), run));
            return ExitCodes.Ready;
        });
        return command;
    }
}
