namespace Omk.Replay;

/// <summary>
/// One line of a run's timeline: when (milliseconds since the run started), what kind of fact (<c>run</c>, <c>task</c>,
/// <c>agent</c>, <c>approval</c>, <c>file</c>, <c>gate</c>, <c>retry</c>, <c>budget</c>, <c>worker</c>, <c>proof</c>, or the
/// event kind itself), the task and subject it concerns, its status, duration and a one-line detail.
/// </summary>
public sealed record ReplayEntry(
    long Seq,
    long OffsetMs,
    string Kind,
    string? Task,
    string? Subject,
    string? Status,
    long? DurationMs,
    string? Detail);
