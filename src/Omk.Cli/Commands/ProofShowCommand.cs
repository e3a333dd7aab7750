using System.CommandLine;
using Omk.Proofs;

namespace Omk.Cli.Commands;

/// <summary><c>omk proof show &lt;id|latest&gt;</c>: print a run's proof (regenerated from its log when the file is missing).</summary>
public static class ProofShowCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A run id, or 'latest'." };
        var format = new Option<string>("--format")
        {
            Description = "md (default) or json.",
            DefaultValueFactory = _ => "md",
        };
        format.AcceptOnlyFromAmong("md", "json");
        var regenerate = new Option<bool>("--regenerate") { Description = "Fold the event log again instead of reading the proof file." };
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var command = new Command("show", "Print a run's proof.") { run, format, regenerate, repo, stateDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await RepoLocation.StoreAsync(parse.GetValue(repo), parse.GetValue(stateDir), cancellationToken);
            var id = parse.GetValue(run)!;
            var directory = store.Find(id) ?? throw new UsageException(RunsCommand.NoSuchRun(id, store));
            var asJson = parse.GetValue(format) == "json";
            var path = asJson ? directory.ProofJsonPath : directory.ProofMarkdownPath;
            if (!parse.GetValue(regenerate) && File.Exists(path))
            {
                Console.Out.Write(await File.ReadAllTextAsync(path, cancellationToken));
                return ExitCodes.Ready;
            }

            var proof = ProofPublisher.Project(directory);
            Console.Out.Write(asJson ? ProofPublisher.ToJson(proof) : ProofMarkdown.Render(proof));
            return ExitCodes.Ready;
        });
        return command;
    }
}
