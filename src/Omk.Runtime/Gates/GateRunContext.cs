using Omk.Events;
using Omk.Runs;

namespace Omk.Gates;

/// <summary>Where a gate run records its facts and finds its files.</summary>
public sealed record GateRunContext(string RepoRoot, RunDirectory Run, IEventSink Events, EventFactory Factory)
{
    /// <summary>The run's changed files (repository-relative), given to code gates.</summary>
    public IReadOnlyList<string> ChangedFiles { get; init; } = [];

    /// <summary>The run's base ref, given to code gates.</summary>
    public string? BaseRef { get; init; }

    /// <summary>How gates are keyed by their inputs and passed results reused (null: no key, no reuse).</summary>
    public GateCache.GateReuse? Reuse { get; init; }
}
