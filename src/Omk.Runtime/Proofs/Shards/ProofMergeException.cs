namespace Omk.Proofs.Shards;

/// <summary>Partial proofs that cannot be merged: what is wrong and which directory holds it (exit 2, nothing written).</summary>
public sealed class ProofMergeException : Exception
{
    public ProofMergeException()
    {
    }

    public ProofMergeException(string message)
        : base(message)
    {
    }

    public ProofMergeException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
