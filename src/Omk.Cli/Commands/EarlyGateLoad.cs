using System.Runtime.ExceptionServices;
using Omk.Gates;
using Omk.Gates.Scripts;

namespace Omk.Cli.Commands;

/// <summary>
/// The gates of <c>omk gates list</c> and <c>omk gates list --json</c> (the command lines a status check or an editor
/// runs again and again), loaded on another thread from the moment the command is built, while System.CommandLine
/// parses: these command lines certainly parse (two known tokens, no option that changes what is loaded) and then load
/// the default gates, so loading them first changes nothing but when it happens. Any other command line loads in its
/// action, after the parse.
/// </summary>
internal sealed class EarlyGateLoad
{
    private readonly Thread _thread;
    private (GateSet? Set, GateScriptLoad? Load) _result;
    private ExceptionDispatchInfo? _failure;

    private EarlyGateLoad(CancellationToken cancellationToken)
    {
        _thread = new Thread(() =>
        {
            try
            {
                _result = GatesCommand.Load(null, null, null, null, cancellationToken);
            }
#pragma warning disable CA1031 // Not handled here: rethrown on the command's thread by Join, as if it had been thrown there.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _failure = ExceptionDispatchInfo.Capture(ex);
            }
        })
        {
            IsBackground = true,
            Name = "omk gates list",
        };
        _thread.Start();
    }

    /// <summary>Started for <c>gates list</c> and <c>gates list --json</c> exactly; null for any other command line.</summary>
    public static EarlyGateLoad? For(IReadOnlyList<string>? args, CancellationToken cancellationToken) =>
        args is ["gates", "list"] or ["gates", "list", "--json"] ? new EarlyGateLoad(cancellationToken) : null;

    /// <summary>What loading gave (the gates, or null after the errors were reported), or what it threw, thrown here.</summary>
    public (GateSet? Set, GateScriptLoad? Load) Join()
    {
        _thread.Join();
        _failure?.Throw();
        return _result;
    }
}
