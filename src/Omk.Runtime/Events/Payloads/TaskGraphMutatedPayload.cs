namespace Omk.Events.Payloads;

/// <summary><c>task_graph_mutated</c>.</summary>
public sealed record TaskGraphMutatedPayload(
    string Action,
    string Source,
    string TaskId,
    string TaskGraphPath,
    string? ProposalPath,
    int TotalTasksAfter);
