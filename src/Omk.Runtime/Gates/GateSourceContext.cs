namespace Omk.Gates;

/// <summary>What a gate source may look at: the repository root.</summary>
public sealed record GateSourceContext(string RepoRoot);
