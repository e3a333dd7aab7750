namespace Omk.Gates.Scripts;

/// <summary>One key/value a code gate attached to its evidence.</summary>
public sealed record CodeGateEvidence(string Key, string Value);
