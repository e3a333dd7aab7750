using System.CommandLine;
using Omk.Replay;

namespace Omk.Cli.Commands;

/// <summary><c>omk replay RUN [--json]</c>: a run's timeline and verdict, from its log alone.</summary>
public static class ReplayCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run")
        {
            Description = "A run id, 'latest' (default), or the path of a run directory or a file in it (a run copied anywhere).",
            DefaultValueFactory = _ => "latest",
        };
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var json = CommonOptions.Json("Print the timeline as JSON: {\"entries\":[...],\"verdict\":{...}}.");
        var verify = new Option<bool>("--verify")
        {
            Description = "Re-run the run's gates on the tree it judged (a fresh worktree at its commit plus its dirty patch), as a new run; each gate is reproduced, diverged or flaky (exit 0 when all reproduced, 1 otherwise).",
        };
        var gate = new Option<string[]>("--gate")
        {
            Description = "With --verify: re-run only this gate (repeatable; names, wildcards or tag:NAME), and what it depends on.",
            HelpName = "NAME",
        };
        var command = new Command("replay", "Print a run's timeline from its log: phases, tasks, agent turns, approvals, gates, retries, and the verdict with why.")
        {
            run, repo, stateDir, json, verify, gate,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = await RunLocator.FindAsync(parse.GetValue(run)!, parse.GetValue(repo), parse.GetValue(stateDir), cancellationToken);
            var only = parse.GetValue(gate) ?? [];
            if (parse.GetValue(verify))
            {
                return await ReplayVerifyCommand.RunAsync(directory, parse.GetValue(repo), parse.GetValue(stateDir), only, parse.GetValue(json), cancellationToken);
            }

            if (only.Length > 0)
            {
                throw new UsageException("--gate names the gates to re-run: it needs --verify.");
            }
            if (!File.Exists(directory.EventsPath))
            {
                throw new UsageException($"'{directory.Path}' has no event log (events.jsonl): there is nothing to replay.");
            }

            if (parse.GetValue(json))
            {
                using var stdout = Console.OpenStandardOutput();
                using var buffered = new BufferedStream(stdout, 64 * 1024);
                ReplayRenderer.WriteJson(directory.EventsPath, buffered);
            }
            else
            {
                using var stdout = new StreamWriter(Console.OpenStandardOutput(), bufferSize: 64 * 1024) { AutoFlush = false };
                ReplayRenderer.WriteText(directory.EventsPath, stdout);
            }

            return ExitCodes.Ready;
        });
        return command;
    }
}
