namespace Omk.Budgets;

/// <summary>
/// The payload fields the fold looks at, whatever the kind: the limits of <c>run_started</c>, the tokens and cost of a
/// usage <c>task_output</c>, and the <c>attempt</c> that marks a team task's outcome (not an agent turn's end).
/// </summary>
internal sealed record BudgetPayloadFields(
    double? BudgetSecs = null,
    long? BudgetTokens = null,
    decimal? BudgetUsd = null,
    string? WireEvent = null,
    string? TaskId = null,
    long InputTokens = 0,
    long OutputTokens = 0,
    long CacheReadTokens = 0,
    long CacheCreationTokens = 0,
    decimal CostUsd = 0,
    int? Attempt = null);
