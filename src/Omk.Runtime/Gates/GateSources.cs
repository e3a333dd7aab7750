using Omk.Gates.Scripts;
using Omk.Runs;

namespace Omk.Gates;

/// <summary>Which gate sources a front door consults, in order (the same for <c>omk proof</c> and the GitHub Action).</summary>
public static class GateSources
{
    /// <summary>
    /// <c>--gate</c> options replace everything else; otherwise the F# scripts in the gates folder; otherwise
    /// the repository's auto-detected defaults.
    /// </summary>
    public static IReadOnlyList<IGateSource> For(GateSelection selection, RunStore store)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return selection.Gates.Count > 0
            ? [new CommandLineGateSource(selection.Gates, selection.GatesOrigin)]
            : [Scripts(store, selection.GatesDirectory), new DotnetGateSource(selection.Solution)];
    }

    /// <summary>Loads the gates of <paramref name="selection"/> and applies its <c>--after</c> orderings, then validates.</summary>
    public static Task<GateSet> DiscoverAsync(IReadOnlyList<IGateSource> sources, GateSelection selection, string repoRoot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return new GateDiscovery(sources, selection.After).DiscoverAsync(new GateSourceContext(repoRoot), cancellationToken);
    }

    public static ScriptGateSource Scripts(RunStore store, string? gatesDirectory) =>
        new(GateScriptCache.DirectoryUnder(store.Root), gatesDirectory);

    /// <summary>Prints the compiler's diagnostics (or the script's error) the way compilers do; for exit 2.</summary>
    public static void Report(GateScriptException ex, string repoRoot, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(ex);
        ArgumentNullException.ThrowIfNull(writer);
        if (ex.Diagnostics.Count == 0)
        {
            writer.WriteLine(ex.Message);
        }

        foreach (var d in ex.Diagnostics)
        {
            writer.WriteLine(d.Format(repoRoot));
        }

        writer.WriteLine("omk: the gate scripts have errors; no gate ran.");
    }
}
