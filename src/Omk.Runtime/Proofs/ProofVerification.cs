namespace Omk.Proofs;

/// <summary>
/// The outcome of <see cref="ProofVerifier"/>: the files that were checked and those that changed. The proof
/// matches its records when <see cref="Mismatches"/> is empty.
/// </summary>
public sealed record ProofVerification(string RunDirectory, IReadOnlyList<string> Checked, IReadOnlyList<ProofMismatch> Mismatches)
{
    public bool Matches => Mismatches.Count == 0;
}
