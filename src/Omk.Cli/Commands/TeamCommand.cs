using System.CommandLine;
using Omk.Events;
using Omk.Runs;
using Omk.Teams;

namespace Omk.Cli.Commands;

/// <summary><c>omk team run|status|resume|cancel</c>: team runs, watched and continued from their log.</summary>
public static class TeamCommand
{
    public static Command Create()
    {
        var command = new Command("team", "Run many agents in parallel, each task in its own git worktree and verified by gates.");
        command.Add(TeamRunCommand.Create());
        command.Add(Status());
        command.Add(Resume());
        command.Add(Cancel());
        return command;
    }

    private static Command Status()
    {
        var run = RunArgument();
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var json = CommonOptions.Json("Print the run's state (the proof as the log stands now) as JSON.");
        var command = new Command("status", "Show a team run's tasks as its log tells them (works while the run is live).") { run, repo, stateDir, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = await FindAsync(parse.GetValue(run)!, parse.GetValue(repo), parse.GetValue(stateDir), cancellationToken);
            var view = TeamLog.Read(directory.EventsPath);
            var proof = TeamProofProjection.Project(view, TimeProvider.System.GetUtcNow());
            var live = view.Ended is null && TeamRunLock.IsHeld(directory.Path);
            var state = view.Ended is not null ? "ended" : live ? "running" : "interrupted (resume it with omk team resume)";
            if (parse.GetValue(json))
            {
                Console.Out.Write(System.Text.Json.JsonSerializer.Serialize(proof with { RunDir = directory.Path }, TeamJsonContext.File.TeamProof) + "\n");
            }
            else
            {
                Console.Out.WriteLine($"run {directory.RunId}: {state}");
                TeamOutput.Print(proof, Console.Out);
            }

            return view.Ended is null ? ExitCodes.Ready : TeamOutput.ExitCodeOf(proof.Status, false);
        });
        return command;
    }

    private static Command Resume()
    {
        var run = RunArgument();
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var gatesDir = new Option<string?>("--gates-dir") { Description = "The folder of gate scripts (default: gates/).", HelpName = "DIR" };
        var json = CommonOptions.Json("Print the result as JSON on stdout.");
        var command = new Command("resume", "Continue an interrupted team run from its log: completed tasks are kept, interrupted ones restart in their worktrees.")
        {
            run, repo, stateDir, gatesDir, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var repoRoot = await RepoLocation.ResolveAsync(parse.GetValue(repo), cancellationToken);
            var directory = await FindAsync(parse.GetValue(run)!, parse.GetValue(repo), parse.GetValue(stateDir), cancellationToken);
            var view = TeamLog.Read(directory.EventsPath);
            var settings = view.Settings ?? throw new UsageException($"run {directory.RunId} is not a team run (no team settings in its log).");
            var options = new TeamOptions
            {
                Agents = settings.Agents,
                Attempts = settings.Attempts,
                FixRounds = settings.FixRounds,
                StallAfter = TimeSpan.FromSeconds(settings.StallAfterSecs),
            };
            var request = await TeamRunCommand.RequestAsync(
                repoRoot, parse.GetValue(stateDir), parse.GetValue(gatesDir), settings.Driver, settings.Agent, settings.Approval, settings.WorktreeRoot, options, cancellationToken);
            using var progress = new Rendering.TeamProgressView(Console.Error, Rendering.ProgressView.IsInteractiveTerminal(), TimeProvider.System);
            TeamRunResult result;
            try
            {
                result = await new TeamRun(TimeProvider.System).ResumeAsync(directory, _ => request, progress.OnEvent, cancellationToken);
            }
            catch (TeamRunBusyException ex)
            {
                throw new UsageException(ex.Message, ex);
            }
            catch (TaskFileException ex)
            {
                throw new UsageException(ex.Message, ex);
            }

            progress.Dispose();
            return TeamOutput.Report(result, parse.GetValue(json), cancellationToken.IsCancellationRequested);
        });
        return command;
    }

    private static Command Cancel()
    {
        var run = RunArgument();
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var command = new Command("cancel", "Stop a team run: a live one stops its workers and writes its proof; an interrupted one is closed.") { run, repo, stateDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = await FindAsync(parse.GetValue(run)!, parse.GetValue(repo), parse.GetValue(stateDir), cancellationToken);
            Console.Out.WriteLine(await new TeamRun(TimeProvider.System).CancelAsync(directory));
            return ExitCodes.Ready;
        });
        return command;
    }

    private static Argument<string> RunArgument() => new("run")
    {
        Description = "The run id (default: the latest team run).",
        DefaultValueFactory = _ => "latest",
    };

    private static async Task<RunDirectory> FindAsync(string run, string? repo, string? stateDir, CancellationToken cancellationToken)
    {
        var store = await RepoLocation.StoreAsync(repo, stateDir, cancellationToken);
        if (run != "latest")
        {
            return store.Find(run) ?? throw new UsageException($"no run '{run}' in {store.RunsDirectory}.");
        }

        var latest = store.List()
            .Where(r => EventReader.Read(EventReader.LogPathIn(r.Path)).FirstOrDefault() is { } first
                && first.Kind == EventKind.RunStarted && first.PayloadString("mode") == "team")
            .LastOrDefault();
        return latest is null
            ? throw new UsageException($"no team run in {store.RunsDirectory}.")
            : new RunDirectory(new RunId(latest.RunId), latest.Path);
    }
}
