using System.Diagnostics;
using Omk.Processes;
using Xunit.Abstractions;

namespace Omk.Tests.Processes;

/// <summary>Runs alone, so that the memory it measures is its own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LargeOutputCollection
{
    public const string Name = "large process output";
}

[Collection(LargeOutputCollection.Name)]
public sealed class LargeOutputTests(ITestOutputHelper output) : IDisposable
{
    private const long OutputBytes = 200_000_000;
    private const long MemoryLimit = 50L * 1024 * 1024;

    private readonly ProcessTestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TwoHundredMegabytes_AreLoggedInFull_InBoundedMemory()
    {
        var line = new string('x', 99); // 100 bytes with the newline
        var log = _dir.File("big.log");
        var spec = new ProcessSpec(ProcessCommand.Shell($"yes {line} | head -c {OutputBytes}; echo done >&2"), _dir.Path)
        {
            LogPath = log,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var runner = new ProcessRunner();
        var retainedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();

        var result = await runner.RunAsync(spec, CancellationToken.None);

        stopwatch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - retainedBefore;
        output.WriteLine($"{stopwatch.Elapsed.TotalSeconds:0.00} s, allocated {allocated / 1024} KiB, retained {retained / 1024} KiB");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(OutputBytes, result.StdoutBytes);
        Assert.Equal($"{line}\n{line}\n{line}\n...", result.StdoutSummary);
        Assert.Equal("done", result.StderrSummary);
        Assert.Equal(ProcessSpec.DefaultTailBytes, result.StdoutTail.Length);
        Assert.True(new FileInfo(log).Length >= OutputBytes, $"log has {new FileInfo(log).Length} bytes");
        Assert.True(allocated < MemoryLimit, $"allocated {allocated / 1024 / 1024} MB while reading {OutputBytes / 1000 / 1000} MB");
        Assert.True(retained < MemoryLimit, $"retained {retained / 1024 / 1024} MB");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"took {stopwatch.Elapsed}");
    }
}
