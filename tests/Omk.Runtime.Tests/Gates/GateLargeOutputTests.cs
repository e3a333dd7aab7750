using Omk.Gates;
using Omk.Proofs;
using Omk.Tests.Processes;

namespace Omk.Tests.Gates;

/// <summary>Runs alone (no other test allocating at the same time), so the memory figures mean something.</summary>
[Collection(LargeOutputCollection.Name)]
public sealed class GateLargeOutputTests
{
    [Fact]
    public async Task A_gate_printing_200_MB_completes_with_bounded_memory_and_its_full_log_on_disk()
    {
        using var h = new GateRunHarness();
        // 2 000 000 lines of 99 characters + newline = 200 000 000 bytes.
        var gate = GateRunHarness.Shell("flood", "yes 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' | head -n 2000000");
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var (outcomes, _) = await h.RunAsync(new GateSet([gate], "test"));
        var after = GC.GetTotalMemory(forceFullCollection: true);

        var outcome = Assert.Single(outcomes);
        Assert.Equal(GateStatus.Passed, outcome.Status);
        Assert.Equal(200_000_000, outcome.Process!.StdoutBytes);
        Assert.True(new FileInfo(h.Run.GateLogPath(1, "flood")).Length >= 200_000_000);
        Assert.True(after - before < 50_000_000, $"retained {(after - before) / 1_000_000} MB after a 200 MB gate");
    }
}
