using Omk.Cli.Commands;
using Omk.Processes;

namespace Omk.Cli;

/// <summary>
/// The command lines people, build hosts and editors run again and again, when they have exactly one possible reading,
/// run without System.CommandLine (whose assembly, option objects and parse cost a short command about 6 ms): a run's
/// command line of plain tokens (<see cref="PlainProofCommandLine"/>) and <c>omk gates list [--json]</c>. Any other
/// command line, and every one with <c>OMK_COMMAND_LINE=parser</c>, is parsed as before.
/// </summary>
internal static class PlainCommandLine
{
    /// <summary>The variable that sends every command line to System.CommandLine when set to <c>parser</c>.</summary>
    public const string Variable = "OMK_COMMAND_LINE";

    /// <summary>The command to run for a command line read here; null when System.CommandLine must parse it.</summary>
    public static Func<int>? TryRead(string[] args, ShutdownSignals signals)
    {
        if (Environment.GetEnvironmentVariable(Variable) == "parser")
        {
            return null;
        }

        if (PlainProofCommandLine.TryRead(args) is { } run)
        {
            return () => ProofCommand.RunPlain(run, signals);
        }

        return args is ["gates", "list"] or ["gates", "list", "--json"] ? () => GatesCommand.ListDefaults(json: args.Length == 3, signals.Token) : null;
    }
}
