namespace Omk.Goals;

/// <summary>A review finding: where (file, line; either may be unknown) and what.</summary>
public sealed record GoalReviewFinding(string? File, int? Line, string Message);
