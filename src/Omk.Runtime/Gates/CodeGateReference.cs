namespace Omk.Gates;

/// <summary>Where a code gate's F# code lives: the compiled gate scripts and the gate's name in them.</summary>
public sealed record CodeGateReference(string AssemblyPath, IReadOnlyList<string> Scripts, string GateName);
