namespace Omk.Goals;

/// <summary>A gate's result on the integrated tree.</summary>
public sealed record GoalGateResult(string Name, string Status, bool Required, string? Reason);
