namespace Omk.Proofs;

/// <summary>A changed path and its last recorded operation.</summary>
public sealed record ProofChangedFile(string Path, string Operation);
