using Omk.Gates.Scripts;

namespace Omk.Gates;

/// <summary>Which gate sources a front door consults, in order (the same for <c>omk proof</c> and the GitHub Action).</summary>
public static class GateSources
{
    /// <summary>
    /// <c>--gate</c> options replace everything else; otherwise the F# scripts in the gates folder; otherwise
    /// the repository's auto-detected defaults.
    /// </summary>
    public static IReadOnlyList<IGateSource> For(GateSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return selection.Gates.Count > 0
            ? [new CommandLineGateSource(selection.Gates, selection.GatesOrigin)]
            : [Scripts(selection.GatesDirectory), new DotnetGateSource(selection.Solution, selection.PerProjectTests)];
    }

    /// <summary>Loads the gates of <paramref name="selection"/> and applies its <c>--after</c> orderings, then validates.</summary>
    public static Task<GateSet> DiscoverAsync(IReadOnlyList<IGateSource> sources, GateSelection selection, string repoRoot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return new GateDiscovery(sources, selection.After).DiscoverAsync(new GateSourceContext(repoRoot), cancellationToken);
    }

    /// <summary>The gate scripts of a repository, compiled into the user's cache (never into the repository or its state dir).</summary>
    public static ScriptGateSource Scripts(string? gatesDirectory) =>
        new(GateScriptCache.UserDirectory(), gatesDirectory) { DeclarationTimeout = DeclarationTimeout() };

    /// <summary><c>$OMK_GATE_DECLARE_TIMEOUT</c> (seconds) bounds the scripts' top-level code; 60 s by default.</summary>
    private static TimeSpan DeclarationTimeout() =>
        double.TryParse(Environment.GetEnvironmentVariable("OMK_GATE_DECLARE_TIMEOUT"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(60);

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
