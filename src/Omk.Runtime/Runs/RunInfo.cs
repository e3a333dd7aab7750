namespace Omk.Runs;

/// <summary>One line of <c>omk runs list</c>: what can be learned about a run cheaply.</summary>
public sealed record RunInfo(string RunId, string Path, DateTimeOffset? StartedAt, string? Status, string? Summary);
