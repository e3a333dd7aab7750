using System.Text.Json;
using Omk.Cli.Rendering;
using Omk.Gates;
using Omk.Git;
using Omk.Processes;
using Omk.Replay;
using Omk.Runs;

namespace Omk.Cli.Commands;

/// <summary><c>omk replay RUN --verify [--gate NAME]...</c>: re-runs a proof run's gates on the tree it judged, as a new run.</summary>
public static class ReplayVerifyCommand
{
    public static async Task<int> RunAsync(RunDirectory run, string? repo, string? stateDir, IReadOnlyList<string> gates, bool json, CancellationToken cancellationToken)
    {
        var repoRoot = await RepoLocation.ResolveAsync(repo, cancellationToken);
        var store = await RepoLocation.StoreAsync(repo, stateDir, cancellationToken);
        RunVerification verification;
        var time = TimeProvider.System;
        using (var progress = new ProgressView(Console.Error, ProgressView.IsInteractiveTerminal(), time, store.RunsDirectory))
        {
            progress.Line($"omk: re-verifying run {run.RunId} on the tree it judged, in a fresh worktree");
            try
            {
                verification = await new RunVerifier(new ProcessRunner(time), time, new CurrentProgramCodeGateLauncher())
                    .VerifyAsync(run, repoRoot, store.Root, gates, progress.OnEvent, cancellationToken);
            }
            catch (Exception ex) when (ex is RunVerificationException or GitException or Gates.Scripts.GateScriptException)
            {
                throw new UsageException(ex.Message, ex);
            }
        }

        Storage.AtomicFile.WriteAllText(
            Path.Combine(verification.VerificationRunDirectory, "verification.json"),
            JsonSerializer.Serialize(verification, ReplayJsonContext.File.RunVerification) + "\n",
            durable: false);
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(verification, ReplayJsonContext.File.RunVerification));
        }
        else
        {
            var width = Math.Max(4, verification.Gates.Select(g => g.Gate.Length).DefaultIfEmpty(0).Max());
            foreach (var gate in verification.Gates)
            {
                var detail = gate.Verdict == GateVerification.Reproduced ? gate.Now : $"original: {gate.Original}; now: {gate.Now}";
                Console.Out.WriteLine($"{DisplayName(gate.Gate).PadRight(width)}  {gate.Verdict,-10}  {detail}");
            }

            var reproduced = verification.Gates.Count(g => g.Verdict == GateVerification.Reproduced);
            Console.Out.WriteLine(
                $"run {verification.Run} at {verification.Commit[..Math.Min(12, verification.Commit.Length)]}{(verification.PatchApplied ? " + its dirty patch" : string.Empty)}: " +
                $"{reproduced} of {verification.Gates.Count} gate(s) reproduced; verification run {verification.VerificationRun}");
        }

        return verification.Reproduced ? ExitCodes.Ready : ExitCodes.NotReady;
    }

    private static string DisplayName(string name) => Storage.DisplayText.Strip(name);
}
