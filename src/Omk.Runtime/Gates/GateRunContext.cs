using Omk.Events;
using Omk.Runs;

namespace Omk.Gates;

/// <summary>Where a gate run records its facts and finds its files.</summary>
public sealed record GateRunContext(string RepoRoot, RunDirectory Run, IEventSink Events, EventFactory Factory);
