using System.CommandLine;
using Omk.Proofs;
using Omk.Proofs.Shards;
using Omk.Runs;

namespace Omk.Cli.Commands;

/// <summary><c>omk proof merge DIR… [-o DIR]</c>: fold the partial proofs of a sharded run into one proof.</summary>
public static class ProofMergeCommand
{
    public static Command Create()
    {
        var directories = new Argument<string[]>("dirs")
        {
            Description = "Partial proofs: run directories of 'omk proof --shard I/N', or folders holding them (downloaded artifacts).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write the merged run here (a new or empty directory); default: a new run in the state directory.",
            HelpName = "DIR",
        };
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var json = CommonOptions.Json("Print the merged proof.json on stdout instead of the summary.");
        var command = new Command(
            "merge",
            "Fold partial proofs (omk proof --shard) into one proof: every gate exactly once, one commit, one gate set (exit 0 ready or partial, 1 not ready or failed, 2 shards that do not fit).")
        {
            directories, output, repo, stateDir, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = RunStore.For(parse.GetValue(repo) ?? Directory.GetCurrentDirectory(), parse.GetValue(stateDir));
            ProofRunResult result;
            try
            {
                result = await new ProofMerge(TimeProvider.System).MergeAsync(parse.GetValue(directories) ?? [], parse.GetValue(output), store, cancellationToken);
            }
            catch (ProofMergeException ex)
            {
                throw new UsageException("omk proof merge: " + ex.Message, ex);
            }

            if (parse.GetValue(json))
            {
                Console.Out.Write(ProofPublisher.ToJson(result.Proof));
            }
            else
            {
                Console.Out.WriteLine(result.Proof.Summary);
                Rendering.FailedGateReport.Write(Console.Out, result.Proof);
                Console.Out.WriteLine($"proof: {Path.GetRelativePath(Directory.GetCurrentDirectory(), result.Run.ProofMarkdownPath)}");
            }

            return result.Proof.Status is ProofStatus.Ready or ProofStatus.Partial ? ExitCodes.Ready : ExitCodes.NotReady;
        });
        return command;
    }
}
