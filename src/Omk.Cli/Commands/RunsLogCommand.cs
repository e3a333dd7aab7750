using System.CommandLine;
using Omk.Runs;

namespace Omk.Cli.Commands;

/// <summary><c>omk runs log [RUN] [GATE] [--tail N]</c>: prints a gate's log (by default the latest run's first failed gate).</summary>
public static class RunsLogCommand
{
    public static Command Create()
    {
        var names = new Argument<string[]>("run-and-gate")
        {
            Description = "[RUN] [GATE]: a run id or 'latest' (default), then a gate name (default: the first failed gate, else the last).",
            Arity = new ArgumentArity(0, 2),
            HelpName = "RUN GATE",
        };
        var tail = new Option<int?>("--tail") { Description = "Print only the last N lines.", HelpName = "N" };
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var command = new Command("log", "Print a gate's log; its absolute path goes to stderr.") { names, tail, repo, stateDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(tail) is < 1)
            {
                throw new UsageException($"--tail must be at least 1 (got {parse.GetValue(tail)}).");
            }

            var store = await RepoLocation.StoreAsync(parse.GetValue(repo), parse.GetValue(stateDir), cancellationToken);
            var given = parse.GetValue(names) ?? [];
            var (runId, gate) = given.Length switch
            {
                0 => ("latest", null),
                1 when store.Find(given[0]) is null && !string.Equals(given[0], "latest", StringComparison.OrdinalIgnoreCase) => ("latest", given[0]),
                1 => (given[0], (string?)null),
                _ => (given[0], given[1]),
            };
            var run = store.Find(runId) ?? throw new UsageException(RunsCommand.NoSuchRun(runId, store));
            var log = GateLogs.Find(run, gate);
            if (log is null)
            {
                var known = GateLogs.List(run).Select(l => l.Gate).ToList();
                throw new UsageException(gate is null
                    ? $"run {run.RunId} has no gate logs ({run.GatesDirectory})."
                    : $"run {run.RunId} has no log for gate '{gate}'; its gate logs are: {(known.Count == 0 ? "(none)" : string.Join(", ", known))}.");
            }

            Console.Error.WriteLine($"omk: {log.Path}");
            foreach (var line in GateLogs.Tail(log.Path, parse.GetValue(tail)))
            {
                Console.Out.WriteLine(line);
            }

            return ExitCodes.Ready;
        });
        return command;
    }
}
