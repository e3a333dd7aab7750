using Omk.Proofs;

namespace Omk.Tests.Proofs;

/// <summary>The warm-up a proof run starts beside its command line takes the real path: every synthetic line is written, read back and folded.</summary>
public sealed class ProofRunWarmUpTests
{
    [Fact]
    public void The_synthetic_run_folds_to_a_ready_proof_with_a_run_gate_and_a_reused_gate()
    {
        var proof = ProofRunWarmUp.Warm();

        Assert.Equal(ProofStatus.Ready, proof.Status);
        Assert.Equal(["warm", "reused"], proof.Gates.Select(g => g.Name));
        Assert.Null(proof.Gates[0].ReusedFrom);
        Assert.Equal("run-0", proof.Gates[1].ReusedFrom?.Run);
        Assert.Equal(["warm.txt"], proof.ChangedFiles.Select(f => f.Path));
    }

    [Fact]
    public async Task Starting_it_leaves_the_current_directory_untouched_and_never_faults()
    {
        var before = Directory.GetFileSystemEntries(Directory.GetCurrentDirectory()).Order(StringComparer.Ordinal).ToList();

        await ProofRunWarmUp.Start();

        Assert.Equal(before, Directory.GetFileSystemEntries(Directory.GetCurrentDirectory()).Order(StringComparer.Ordinal).ToList());
    }
}
