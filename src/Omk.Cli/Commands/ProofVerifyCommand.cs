using System.CommandLine;
using System.Text.Json;
using Omk.Proofs;

namespace Omk.Cli.Commands;

/// <summary><c>omk proof verify [RUN|proof.json]</c>: does the proof still match the log and gate logs it was made from?</summary>
public static class ProofVerifyCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run")
        {
            Description = "A run id, 'latest' (default), or the path of a run directory or its proof.json.",
            DefaultValueFactory = _ => "latest",
        };
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var json = CommonOptions.Json("Print the result as JSON: the files checked and those that changed.");
        var command = new Command("verify", "Check that a proof matches its event log and gate logs (exit 0 matches, 1 a file changed).")
        {
            run, repo, stateDir, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = await RunLocator.FindAsync(parse.GetValue(run)!, parse.GetValue(repo), parse.GetValue(stateDir), cancellationToken);
            var result = ProofVerifier.Verify(directory);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(result, ProofJsonContext.File.ProofVerification));
            }
            else
            {
                foreach (var mismatch in result.Mismatches)
                {
                    Console.Out.WriteLine($"changed: {mismatch.File} {mismatch.Message}");
                }

                Console.Out.WriteLine(result.Matches
                    ? $"the proof matches its records: {string.Join(", ", result.Checked)} ({directory.Path})"
                    : $"the proof does not match its records: {result.Mismatches.Count} file(s) changed ({directory.Path})");
            }

            return result.Matches ? ExitCodes.Ready : ExitCodes.NotReady;
        });
        return command;
    }
}
