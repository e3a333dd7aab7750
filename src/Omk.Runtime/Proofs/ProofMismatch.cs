namespace Omk.Proofs;

/// <summary>A file of a run that no longer matches its proof: the file (relative to the run directory) and how.</summary>
public sealed record ProofMismatch(string File, string Message);
