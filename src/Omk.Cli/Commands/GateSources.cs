using Omk.Gates;

namespace Omk.Cli.Commands;

/// <summary>Which gate sources a command consults, in order.</summary>
public static class GateSources
{
    /// <summary><c>--gate</c> options replace everything else; otherwise the repository's defaults are detected.</summary>
    public static IReadOnlyList<IGateSource> For(IReadOnlyList<string> gateOptions, TimeSpan? timeout) =>
        gateOptions.Count > 0
            ? [new CommandLineGateSource(gateOptions, timeout)]
            : [new DotnetGateSource()];
}
