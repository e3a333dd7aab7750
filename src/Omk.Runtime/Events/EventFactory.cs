using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Omk.Events.Payloads;

namespace Omk.Events;

/// <summary>Builds envelopes for one run: id, run id, timestamp from the clock, schema version.</summary>
public sealed class EventFactory(RunId runId, TimeProvider time)
{
    public RunId RunId { get; } = runId;

    public Event Create(EventKind kind, string? actor = null) =>
        new(EventId.New(), RunId, time.GetUtcNow(), kind, actor, null);

    public Event Create<T>(EventKind kind, T payload, JsonTypeInfo<T> typeInfo, string? actor = null) =>
        new(EventId.New(), RunId, time.GetUtcNow(), kind, actor, JsonSerializer.SerializeToElement(payload, typeInfo));

    // The payloads of a proof run are written by hand (the same bytes), the others by the generated serializer.
    private Event Create<T>(EventKind kind, T payload, Func<EventJsonContext, JsonTypeInfo<T>> typeInfo, string? actor)
        where T : class =>
        EventPayloadWriter.Write(payload) is { } utf8
            ? Event.WithUnparsedPayload(EventId.New(), RunId, time.GetUtcNow(), kind, actor, utf8, EventSchema.Version)
            : Create(kind, payload, typeInfo(EventJsonContext.File), actor);

    private static EventJsonContext Json => EventJsonContext.File;

    public Event Message(EventKind kind, string message, string? actor = null) =>
        Create(kind, new MessagePayload(message), static j => j.MessagePayload, actor);

    public Event RunStarted(RunStartedPayload payload, string? actor = null) =>
        Create(EventKind.RunStarted, payload, static j => j.RunStartedPayload, actor);

    public Event RunCompleted(string message, string? actor = null) => Message(EventKind.RunCompleted, message, actor);

    public Event RunFailed(string reason, string? actor = null) =>
        Create(EventKind.RunFailed, new RunFailedPayload(reason), static j => j.RunFailedPayload, actor);

    public Event ManualInterrupt(string actor = "omk-cli") => Create(EventKind.ManualInterrupt, actor);

    public Event WorkerStarted(WorkerStartedPayload payload) =>
        Create(EventKind.WorkerStarted, payload, Json.WorkerStartedPayload, payload.WorkerId);

    public Event WorkerHeartbeat(WorkerHeartbeatPayload payload) =>
        Create(EventKind.WorkerHeartbeat, payload, Json.WorkerHeartbeatPayload, payload.WorkerId);

    public Event WorkerDead(WorkerDeadPayload payload, string? actor = "scheduler") =>
        Create(EventKind.WorkerDead, payload, Json.WorkerDeadPayload, actor);

    public Event TaskClaimed(TaskClaimedPayload payload) =>
        Create(EventKind.TaskClaimed, payload, Json.TaskClaimedPayload, payload.WorkerId);

    public Event TaskStarted(TaskStartedPayload payload) =>
        Create(EventKind.TaskStarted, payload, Json.TaskStartedPayload, payload.WorkerId);

    public Event TaskCompleted(TaskCompletedPayload payload) =>
        Create(EventKind.TaskCompleted, payload, Json.TaskCompletedPayload, payload.WorkerId);

    public Event TaskFailed(TaskFailedPayload payload, string? actor = null) =>
        Create(EventKind.TaskFailed, payload, Json.TaskFailedPayload, actor ?? payload.WorkerId ?? "scheduler");

    public Event TaskOutput(TaskOutputPayload payload, string? actor = null) =>
        Create(EventKind.TaskOutput, payload, Json.TaskOutputPayload, actor ?? payload.WorkerId);

    public Event TokenUsage(TokenUsagePayload payload) =>
        Create(EventKind.TaskOutput, payload, Json.TokenUsagePayload, payload.WorkerId);

    public Event TaskGraphMutated(TaskGraphMutatedPayload payload, string? actor = "controller") =>
        Create(EventKind.TaskGraphMutated, payload, Json.TaskGraphMutatedPayload, actor);

    public Event FileChanged(FileChangedPayload payload, string? actor = null) =>
        Create(EventKind.FileChanged, payload, static j => j.FileChangedPayload, actor);

    public Event CommandStarted(CommandStartedPayload payload, string? actor = null) =>
        Create(EventKind.CommandStarted, payload, static j => j.CommandStartedPayload, actor);

    public Event CommandFinished(CommandFinishedPayload payload, string? actor = null) =>
        Create(EventKind.CommandFinished, payload, static j => j.CommandFinishedPayload, actor);

    public Event GatePassed(GateResultPayload payload, string? actor = null) =>
        Create(EventKind.GatePassed, payload, static j => j.GateResultPayload, actor);

    public Event GateFailed(GateResultPayload payload, string? actor = null) =>
        Create(EventKind.GateFailed, payload, static j => j.GateResultPayload, actor);

    public Event RetryScheduled(RetryScheduledPayload payload, string? actor = "scheduler") =>
        Create(EventKind.RetryScheduled, payload, static j => j.RetryScheduledPayload, actor);

    public Event ProofWritten(ProofWrittenPayload payload, string? actor = null) =>
        Create(EventKind.ProofWritten, payload, static j => j.ProofWrittenPayload, actor);

    public Event ApprovalRequested(ApprovalRequestedPayload payload, string? actor = null) =>
        Create(EventKind.ApprovalRequested, payload, Json.ApprovalRequestedPayload, actor ?? payload.WorkerId);

    public Event ApprovalDecided(ApprovalDecidedPayload payload, string? actor = null) =>
        Create(EventKind.ApprovalDecided, payload, Json.ApprovalDecidedPayload, actor);

    public Event GoalBudgetExhausted(GoalBudgetExhaustedPayload payload, string? actor = "controller") =>
        Create(EventKind.GoalBudgetExhausted, payload, Json.GoalBudgetExhaustedPayload, actor);

    public Event GoalBudgetExtended(GoalBudgetExtendedPayload payload, string? actor = "controller") =>
        Create(EventKind.GoalBudgetExtended, payload, Json.GoalBudgetExtendedPayload, actor);
}
