using System.CommandLine;
using System.Text.Json;
using Omk.Attestations;
using Omk.Proofs;
using Omk.Storage;

namespace Omk.Cli.Commands;

/// <summary><c>omk proof attest [RUN] -o FILE</c>: a verified proof as in-toto Statements v1 (one per gate, then the summary).</summary>
public static class ProofAttestCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run")
        {
            Description = "A run id, 'latest' (default), or the path of a run directory or its proof.json.",
            DefaultValueFactory = _ => "latest",
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Write the statements here, one JSON document per line (the summary last).",
            HelpName = "FILE",
            Required = true,
        };
        var predicate = new Option<string?>("--predicate")
        {
            Description = "Also write the summary's predicate alone, for actions/attest (predicate-path) with proof.json as subject-path.",
            HelpName = "FILE",
        };
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var command = new Command("attest", "Export a proof as in-toto Statements: a test-result per gate and a summary whose subject is proof.json's SHA-256.")
        {
            run, output, predicate, repo, stateDir,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = await RunLocator.FindAsync(parse.GetValue(run)!, parse.GetValue(repo), parse.GetValue(stateDir), cancellationToken);
            var verification = ProofVerifier.Verify(directory);
            if (!verification.Matches)
            {
                foreach (var mismatch in verification.Mismatches)
                {
                    Console.Error.WriteLine($"omk: changed: {mismatch.File} {mismatch.Message}");
                }

                Console.Error.WriteLine($"omk: the proof of '{directory.Path}' does not match its records; nothing was attested.");
                return ExitCodes.NotReady;
            }

            var statements = ProofAttestation.Build(directory);
            var path = Path.GetFullPath(parse.GetValue(output)!);
            AtomicFile.WriteAllText(path, string.Concat(statements.Select(s => ProofAttestation.ToJsonLine(s) + "\n")), durable: true);
            var summary = statements[^1];
            if (parse.GetValue(predicate) is { } predicatePath)
            {
                AtomicFile.WriteAllText(Path.GetFullPath(predicatePath), JsonSerializer.Serialize(summary.Predicate, AttestationJsonContext.File.TestResultPredicate) + "\n", durable: true);
            }

            Console.Out.WriteLine($"wrote {statements.Count} in-toto statement(s) to {path}: {statements.Count - 1} gate(s) and the summary ({summary.Predicate.Result}, subject proof.json sha256:{summary.Subject[0].Digest["sha256"]})");
            return ExitCodes.Ready;
        });
        return command;
    }
}
