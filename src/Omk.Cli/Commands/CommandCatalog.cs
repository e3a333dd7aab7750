using System.CommandLine;
using Omk.Processes;

namespace Omk.Cli.Commands;

/// <summary>
/// omk's top-level commands, each built only when a command line needs it: <c>omk proof show latest</c> builds the
/// <c>proof</c> command alone, so a light command never pays for (or loads the code behind) the others. A new command
/// is one more line here.
/// </summary>
public static class CommandCatalog
{
    private static readonly (string Name, Func<IReadOnlyList<string>, ShutdownSignals?, Command> Create)[] Commands =
    [
        ("proof", (args, signals) => args.Count > 1 && ProofCommand.IsReading(args[1]) ? ProofCommand.ShowOnly() : ProofCommand.Create(signals)),
        ("gates", (_, signals) => GatesCommand.Create(signals)),
        ("agent", (_, _) => AgentRunCommand.Create()),
        ("doctor", (_, _) => DoctorCommand.Create()),
        ("runs", (_, _) => RunsCommand.Create()),
        ("team", (_, _) => TeamCommand.Create()),
        ("goal", (_, _) => GoalCommand.Create()),
        ("ultrawork", (_, _) => UltraworkCommand.Create()),
        ("worktree", (_, _) => WorktreeCommand.Create()),
        ("cache", (_, _) => CacheCommand.Create()),
        ("replay", (_, _) => ReplayCommand.Create()),
        ("ralph", (_, _) => RalphCommand.Create()),
    ];

    /// <summary>The command <c>args[0]</c> names (<c>proof show</c>: without the options of a run); null when it names none.</summary>
    public static Command? Named(IReadOnlyList<string> args, ShutdownSignals? signals = null)
    {
        // A loop, not Array.FindIndex: that is generic code over a tuple, which ReadyToRun leaves to the JIT on every command.
        foreach (var (name, create) in Commands)
        {
            if (args.Count > 0 && name == args[0])
            {
                return create(args, signals);
            }
        }

        return null;
    }

    /// <summary>Every command, for a command line that names none (help, a mistyped name that gets suggestions, no command at all).</summary>
    public static IEnumerable<Command> All(IReadOnlyList<string> args, ShutdownSignals? signals = null) => Commands.Select(c => c.Create(args, signals));
}
