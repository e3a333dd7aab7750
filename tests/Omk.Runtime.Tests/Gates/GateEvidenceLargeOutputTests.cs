using Omk.Gates;
using Omk.Proofs;
using Omk.Tests.Processes;

namespace Omk.Tests.Gates;

/// <summary>Runs alone (no other test allocating at the same time), so the memory figures mean something.</summary>
[Collection(LargeOutputCollection.Name)]
public sealed class GateEvidenceLargeOutputTests
{
    [Fact]
    public async Task A_gate_printing_300_MB_of_build_output_with_30000_errors_keeps_findings_capped_and_memory_bounded()
    {
        using var h = new GateRunHarness();
        // 3 000 000 lines of 100 bytes; every 100th is a distinct compiler error (30 000 of them).
        var script = "awk 'BEGIN { pad = sprintf(\"%099d\", 0); for (i = 0; i < 3000000; i++) { "
            + "if (i % 100 == 0) printf \"%s/src/F%05d.cs(%d,1): error CS1002: ; expected [%s/x.csproj]\\n\", ENVIRON[\"OMK_REPO_ROOT\"], i % 997, i, ENVIRON[\"OMK_REPO_ROOT\"]; "
            + "else print pad } }'; exit 1";
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var (outcomes, events) = await h.RunAsync(new GateSet([GateRunHarness.Shell("flood", script)], "test"));
        var after = GC.GetTotalMemory(forceFullCollection: true);

        var outcome = Assert.Single(outcomes);
        Assert.Equal(GateStatus.Failed, outcome.Status);
        Assert.True(outcome.Process!.StdoutBytes >= 300_000_000, $"{outcome.Process.StdoutBytes} bytes");
        var payload = events[^1].Payload!.Value;
        Assert.Equal(Omk.Evidence.FindingCollector.MaxPerSeverity, payload.GetProperty("findings").GetArrayLength());
        Assert.Equal(30_000, payload.GetProperty("findings_total").GetProperty("errors").GetInt32());
        Assert.StartsWith("src/F00000.cs", payload.GetProperty("findings")[0].GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.True(after - before < 50_000_000, $"retained {(after - before) / 1_000_000} MB after a 300 MB gate");
    }
}
