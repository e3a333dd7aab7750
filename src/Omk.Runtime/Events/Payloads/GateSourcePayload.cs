namespace Omk.Events.Payloads;

/// <summary>
/// Where a proof run's gates came from, as given, so that <c>omk replay --verify</c> declares the same gates again:
/// <c>--gate</c> specifications, <c>--after</c> orderings, the gates folder, the solution (relative to the run's root),
/// the filter, the gates allowed to fail and incremental selection. Fields are omitted when not given.
/// </summary>
public sealed record GateSourcePayload
{
    public IReadOnlyList<string>? Gates { get; init; }

    public IReadOnlyList<string>? After { get; init; }

    public string? GatesDir { get; init; }

    public string? Solution { get; init; }

    public string? Filter { get; init; }

    public IReadOnlyList<string>? AllowFail { get; init; }

    /// <summary>True for incremental selection (<c>--affected</c>): auto-detected test gates are one per test project.</summary>
    public bool? Affected { get; init; }
}
