namespace Omk.Gates.Scripts;

/// <summary>What a code gate decided (written as JSON by the child process): pass or fail, message, evidence, or the exception it threw.</summary>
public sealed record CodeGateOutcome(bool Passed, string? Message, IReadOnlyList<CodeGateEvidence> Evidence, string? Error = null);
