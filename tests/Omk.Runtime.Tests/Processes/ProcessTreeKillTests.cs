using System.Diagnostics;
using System.Globalization;
using Omk.Processes;

namespace Omk.Tests.Processes;

public sealed class ProcessTreeKillTests : IDisposable
{
    private readonly ProcessTestDirectory _dir = new();
    private readonly ProcessRunner _runner = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Timeout_KillsTheGrandchild()
    {
        var pidFile = _dir.File("grandchild.pid");
        var spec = new ProcessSpec(ProcessCommand.Shell($"sleep 1000 & echo $! > '{pidFile}'; wait"), _dir.Path)
        {
            Timeout = TimeSpan.FromSeconds(1),
            LogPath = _dir.File("timeout.log"),
        };
        var stopwatch = Stopwatch.StartNew();

        var result = await _runner.RunAsync(spec, CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.False(result.Cancelled);
        Assert.Null(result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(8), $"took {stopwatch.Elapsed}");
        await ProcessProbe.AssertDiesAsync(result.ProcessId!.Value, "the shell");
        await ProcessProbe.AssertDiesAsync(await ProcessProbe.ReadPidFileAsync(pidFile), "the grandchild sleep");
        var log = await File.ReadAllTextAsync(spec.LogPath!);
        Assert.EndsWith("# timed out after 1 s; process tree killed\n", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeout_KillsAnOrphanedGrandchild()
    {
        // The subshell starts sleep and exits at once, so sleep is reparented away from the tree:
        // only its process group (or session) still ties it to the run.
        var pidFile = _dir.File("orphan.pid");
        var shellFile = _dir.File("shell.pid");
        var script = $"echo $$ > '{shellFile}'; (sleep 1000 & echo $! > '{pidFile}'); sleep 1000";
        var spec = new ProcessSpec(ProcessCommand.Shell(script), _dir.Path) { Timeout = TimeSpan.FromSeconds(1.5) };

        var run = _runner.RunAsync(spec, CancellationToken.None);
        var orphan = await ProcessProbe.ReadPidFileAsync(pidFile);
        var shell = await ProcessProbe.ReadPidFileAsync(shellFile);
        await AssertReparentedAsync(orphan, shell);
        var result = await run;

        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        await ProcessProbe.AssertDiesAsync(shell, "the shell");
        await ProcessProbe.AssertDiesAsync(orphan, "the orphaned sleep");
    }

    [Fact]
    public async Task Cancellation_KillsTheTree()
    {
        var pidFile = _dir.File("grandchild.pid");
        var spec = new ProcessSpec(ProcessCommand.Shell($"sleep 1000 & echo $! > '{pidFile}'; sleep 1000"), _dir.Path)
        {
            Timeout = TimeSpan.FromSeconds(30),
            LogPath = _dir.File("cancel.log"),
        };
        using var cts = new CancellationTokenSource();

        var run = _runner.RunAsync(spec, cts.Token);
        var grandchild = await ProcessProbe.ReadPidFileAsync(pidFile);
        Assert.False(ProcessProbe.IsDead(grandchild));
        await cts.CancelAsync();
        var result = await run;

        Assert.True(result.Cancelled);
        Assert.False(result.TimedOut);
        Assert.Null(result.ExitCode);
        await ProcessProbe.AssertDiesAsync(result.ProcessId!.Value, "the shell");
        await ProcessProbe.AssertDiesAsync(grandchild, "the grandchild sleep");
        Assert.EndsWith("# cancelled; process tree killed\n", await File.ReadAllTextAsync(spec.LogPath!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_KillsAnOrphanedGrandchild()
    {
        var pidFile = _dir.File("orphan.pid");
        var spec = new ProcessSpec(ProcessCommand.Shell($"(sleep 1000 & echo $! > '{pidFile}'); sleep 1000"), _dir.Path);
        using var cts = new CancellationTokenSource();

        var run = _runner.RunAsync(spec, cts.Token);
        var orphan = await ProcessProbe.ReadPidFileAsync(pidFile);
        await cts.CancelAsync();
        var result = await run;

        Assert.True(result.Cancelled);
        await ProcessProbe.AssertDiesAsync(orphan, "the orphaned sleep");
    }

    [Fact]
    public async Task Timeout_KillsAGrandchildThatLeftTheSession_ThroughItsParentLink()
    {
        // setsid moves the grandchild to a session of its own; it is still found as a child of the shell.
        var pidFile = _dir.File("escaped.pid");
        var spec = new ProcessSpec(ProcessCommand.Shell($"setsid sleep 1000 & echo $! > '{pidFile}'; wait"), _dir.Path)
        {
            Timeout = TimeSpan.FromSeconds(1),
        };

        var run = _runner.RunAsync(spec, CancellationToken.None);
        var escaped = await ProcessProbe.ReadPidFileAsync(pidFile);
        await AssertOwnSessionAsync(escaped);
        var result = await run;

        Assert.True(result.TimedOut);
        await ProcessProbe.AssertDiesAsync(escaped, "the sleep in its own session");
    }

    [Fact]
    public void ParseStat_HandlesCommandNamesWithSpacesAndParentheses()
    {
        var stat = ProcessTreeKiller.ParseStat("4242 (we (ird) name) S 17 4242 4240 0 -1 4194304 140 0");

        Assert.Equal(new ProcStat('S', 17, 4242, 4240), stat);
    }

    private static async Task AssertReparentedAsync(int pid, int formerParent)
    {
        // The subshell may take a moment to exit after writing the pid file.
        for (var i = 0; i < 40; i++)
        {
            var stat = ProcessTreeKiller.ReadStat(pid);
            Assert.NotNull(stat);
            if (stat.ParentId != formerParent && stat.ParentId != 0 && ProcessTreeKiller.ReadStat(stat.ParentId) is { } parent
                && parent.SessionId != formerParent)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"pid {pid} was not reparented out of the tree of {formerParent.ToString(CultureInfo.InvariantCulture)}");
    }

    private static async Task AssertOwnSessionAsync(int pid)
    {
        for (var i = 0; i < 40; i++)
        {
            if (ProcessTreeKiller.ReadStat(pid) is { } stat && stat.SessionId == pid)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"pid {pid} did not get a session of its own");
    }
}
