using System.Text.Json;
using Omk.Teams;

namespace Omk.Cli.Commands;

/// <summary>What the team commands print: the proof's summary and one line per task, or the result as JSON; and the exit code.</summary>
public static class TeamOutput
{
    public const int BlockedOnHuman = 3;
    public const int Interrupted = 130;

    public static int ExitCodeOf(string status, bool interrupted) => interrupted ? Interrupted : status switch
    {
        TeamProofProjection.Ready => ExitCodes.Ready,
        TeamProofProjection.BlockedOnHuman => BlockedOnHuman,
        TeamProofProjection.Cancelled => Interrupted,
        _ => ExitCodes.NotReady,
    };

    public static int Report(TeamRunResult result, bool json, bool interrupted)
    {
        var exit = ExitCodeOf(result.Proof.Status, interrupted);
        if (json)
        {
            var shown = result.Proof with { RunDir = result.Run.Path, ExitCode = exit };
            Console.Out.Write(JsonSerializer.Serialize(shown, TeamJsonContext.File.TeamProof) + "\n");
        }
        else
        {
            Print(result.Proof, Console.Out);
            Console.Out.WriteLine($"run: {result.Run.Path}");
        }

        if (result.AlreadyFinished)
        {
            Console.Error.WriteLine($"omk: run {result.Run.RunId} has already finished ({result.Proof.Status}); nothing was changed.");
        }

        return exit;
    }

    public static void Print(TeamProof proof, TextWriter output)
    {
        output.WriteLine(proof.Summary);
        foreach (var t in proof.Tasks)
        {
            var head = t.Head is null ? "-" : t.Head[..Math.Min(12, t.Head.Length)];
            var gates = t.Gates.Count == 0 ? string.Empty : " gates: " + string.Join(", ", t.Gates.Select(g => $"{g.Name} {g.Status}"));
            output.WriteLine($"  {t.Id,-16} {t.Status,-20} attempt {t.Attempts}  {t.Branch ?? "-"} {head}{gates}{(t.Error is null ? string.Empty : "  (" + t.Error + ")")}");
        }
    }
}
