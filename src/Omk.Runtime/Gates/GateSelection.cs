namespace Omk.Gates;

/// <summary>
/// What a front door asks of the gate sources: <c>--gate</c> options (and what to call them in messages),
/// <c>--after</c> orderings, the gates folder and the solution or project auto-detection should use.
/// </summary>
public sealed record GateSelection
{
    /// <summary><c>name=command</c> specifications; when any is given they replace every other source.</summary>
    public IReadOnlyList<string> Gates { get; init; } = [];

    /// <summary>How the specifications were given, for messages and the proof (e.g. <c>--gate options</c>).</summary>
    public string GatesOrigin { get; init; } = "--gate options";

    /// <summary><c>GATE:DEPENDENCY[,DEPENDENCY...]</c> orderings, applied to the gates of any source.</summary>
    public IReadOnlyList<string> After { get; init; } = [];

    public string? GatesDirectory { get; init; }

    /// <summary>The solution or project the auto-detected gates build and test (default: found under the root).</summary>
    public string? Solution { get; init; }

    /// <summary>Incremental selection (<c>--affected</c>): the auto-detected test gate becomes one gate per test project.</summary>
    public bool PerProjectTests { get; init; }
}
