namespace Omk.Events;

/// <summary>A digest of an event log: counts by kind, first and last timestamps, and what was skipped.</summary>
public sealed record EventLogSummary(
    long Events,
    IReadOnlyDictionary<string, long> CountsByKind,
    DateTimeOffset? FirstTs,
    DateTimeOffset? LastTs,
    EventReadStats Stats);
