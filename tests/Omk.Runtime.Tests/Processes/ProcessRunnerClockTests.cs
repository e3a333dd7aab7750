using Omk.Processes;

namespace Omk.Tests.Processes;

public sealed class ProcessRunnerClockTests : IDisposable
{
    private readonly ProcessTestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TimeoutAndDuration_FollowTheTimeProvider()
    {
        var clock = new ManualTimeProvider();
        var runner = new ProcessRunner(clock);
        var pidFile = _dir.File("shell.pid");
        var spec = new ProcessSpec(ProcessCommand.Shell($"echo $$ > '{pidFile}'; exec sleep 1000"), _dir.Path)
        {
            Timeout = TimeSpan.FromHours(1),
        };

        var run = runner.RunAsync(spec, CancellationToken.None);
        var pid = await ProcessProbe.ReadPidFileAsync(pidFile);
        clock.Advance(TimeSpan.FromMinutes(59));
        await Task.Delay(100);
        Assert.False(run.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.Equal(pid, result.ProcessId);
        Assert.Equal(TimeSpan.FromHours(1), result.Duration);
        await ProcessProbe.AssertDiesAsync(pid, "the sleep");
    }

    [Fact]
    public async Task LeftoversHoldingTheOutput_AreKilledWhenTheProgramExits_BeforeAnyTimeout()
    {
        var pidFile = _dir.File("leftover.pid");
        var spec = new ProcessSpec(ProcessCommand.Shell($"sleep 1000 & echo $! > '{pidFile}'; echo hi"), _dir.Path)
        {
            Timeout = TimeSpan.FromSeconds(0.5),
            OutputGracePeriod = TimeSpan.FromSeconds(20),
        };

        var result = await new ProcessRunner().RunAsync(spec, CancellationToken.None);

        // Before the subreaper and leftover kill, the leftover held the output until the timeout killed it (no exit code).
        Assert.False(result.TimedOut);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, result.LeftoverProcessesKilled);
        Assert.Equal("hi", result.StdoutSummary);
        await ProcessProbe.AssertDiesAsync(await ProcessProbe.ReadPidFileAsync(pidFile), "the leftover sleep");
    }
}
