using System.Text.Json.Serialization;
using Omk.Events.Payloads;

namespace Omk.Events;

/// <summary>Source-generated JSON metadata for event payloads: snake_case names, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunStartedPayload))]
[JsonSerializable(typeof(RunFailedPayload))]
[JsonSerializable(typeof(MessagePayload))]
[JsonSerializable(typeof(WorkerStartedPayload))]
[JsonSerializable(typeof(WorkerHeartbeatPayload))]
[JsonSerializable(typeof(WorkerDeadPayload))]
[JsonSerializable(typeof(TaskClaimedPayload))]
[JsonSerializable(typeof(TaskStartedPayload))]
[JsonSerializable(typeof(TaskCompletedPayload))]
[JsonSerializable(typeof(TaskFailedPayload))]
[JsonSerializable(typeof(TaskGraphMutatedPayload))]
[JsonSerializable(typeof(FileChangedPayload))]
[JsonSerializable(typeof(CommandStartedPayload))]
[JsonSerializable(typeof(CommandFinishedPayload))]
[JsonSerializable(typeof(GateResultPayload))]
[JsonSerializable(typeof(RetryScheduledPayload))]
[JsonSerializable(typeof(ProofWrittenPayload))]
[JsonSerializable(typeof(TaskOutputPayload))]
[JsonSerializable(typeof(TokenUsagePayload))]
[JsonSerializable(typeof(ApprovalRequestedPayload))]
[JsonSerializable(typeof(ApprovalDecidedPayload))]
[JsonSerializable(typeof(GoalBudgetExhaustedPayload))]
[JsonSerializable(typeof(GoalBudgetExtendedPayload))]
[JsonSerializable(typeof(TaskOutcomePayload))]
[JsonSerializable(typeof(WorkerStalledPayload))]
[JsonSerializable(typeof(TeamTaskAcceptedPayload))]
[JsonSerializable(typeof(TeamRunSettingsPayload))]
public sealed partial class EventJsonContext : JsonSerializerContext
{
    /// <summary>The context used for event payloads: readable characters and UTC <c>Z</c> timestamps.</summary>
    public static EventJsonContext File { get; } = new(Storage.JsonFileOptions.Create(indented: false));
}
