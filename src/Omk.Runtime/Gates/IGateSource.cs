namespace Omk.Gates;

/// <summary>A place gates come from (command-line options, auto-detection, F# scripts...).</summary>
public interface IGateSource
{
    /// <summary>The gates this source declares for the repository, or null when it does not apply.</summary>
    Task<GateSet?> LoadAsync(GateSourceContext context, CancellationToken cancellationToken);
}
