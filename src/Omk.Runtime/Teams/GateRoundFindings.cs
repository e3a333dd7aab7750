namespace Omk.Teams;

/// <summary>
/// What a failed gate round tells the agent (one finding per failed gate: its reason, the located diagnostics and failed
/// tests read from its evidence, then the tail of its output), and a key that is equal when two rounds found the same
/// problems (the located evidence and reasons, without output tails that change with timings).
/// </summary>
public sealed record GateRoundFindings(IReadOnlyList<string> Findings, string ProgressKey);
