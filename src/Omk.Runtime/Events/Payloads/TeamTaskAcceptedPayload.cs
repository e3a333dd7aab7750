namespace Omk.Events.Payloads;

/// <summary><c>task_accepted</c> at a team run's start: the whole task definition, so the run can be resumed from its log alone.</summary>
public sealed record TeamTaskAcceptedPayload(
    string TaskId,
    string Title,
    string Prompt,
    IReadOnlyList<string>? DependsOn = null,
    IReadOnlyList<string>? WriteSet = null,
    IReadOnlyList<string>? Acceptance = null,
    IReadOnlyList<string>? Gates = null);
