using System.Text.Json.Serialization;
using Omk.Events.Payloads;

namespace Omk.Budgets;

/// <summary>Source-generated JSON for the payload fields the budget fold reads: snake_case.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BudgetPayloadFields))]
[JsonSerializable(typeof(GoalBudgetExtendedPayload))]
internal sealed partial class BudgetJsonContext : JsonSerializerContext;
