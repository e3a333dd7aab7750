namespace Omk.Runs;

/// <summary>One row of a run's timeline: position, time, kind, actor and a short <c>key=value</c> summary.</summary>
public sealed record TimelineEntry(int Index, DateTimeOffset Ts, string Kind, string? Actor, string? Summary);
