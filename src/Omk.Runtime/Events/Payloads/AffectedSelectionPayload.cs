namespace Omk.Events.Payloads;

/// <summary>
/// A run with incremental selection (<c>omk proof --affected</c>, <c>OmkAffected</c>), recorded in <c>run_started</c>:
/// the base the changes were taken against (null: the uncommitted work alone), how many files changed, every project of
/// the MSBuild project graph with whether the change reaches it and why, and the per-project gates skipped as unaffected.
/// When the graph could not be read, <see cref="GraphError"/> says why and every project counts as affected.
/// </summary>
public sealed record AffectedSelectionPayload(
    string? Base,
    int ChangedFiles,
    IReadOnlyList<AffectedProjectPayload> Projects,
    IReadOnlyList<UnaffectedGatePayload> SkippedGates)
{
    /// <summary>Why the project graph could not be read (then nothing is skipped); null when it was read.</summary>
    public string? GraphError { get; init; }

    /// <summary>How the graph was read, e.g. <c>msbuild evaluation of 12 project(s) in 0.6 s</c>.</summary>
    public string? Graph { get; init; }
}
