namespace Omk.Proofs;

/// <summary>A file of a run (path relative to the run directory) by size and SHA-256, with the gate it belongs to.</summary>
public sealed record ProofFileDigest(string Path, string? Gate, long Bytes, string Sha256);
