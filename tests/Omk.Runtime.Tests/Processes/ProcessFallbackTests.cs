using Omk.Processes;

namespace Omk.Tests.Processes;

/// <summary>
/// The fallback launch path (<see cref="System.Diagnostics.Process"/> behind <c>setsid</c> and <c>env</c>, used where
/// <c>posix_spawn</c> is not available) keeps the same observable behaviour, here forced on Linux.
/// </summary>
public sealed class ProcessFallbackTests : IDisposable
{
    private readonly ProcessTestDirectory _dir = new();
    private readonly ProcessRunner _runner = new(null, processOnly: true);

    public void Dispose() => _dir.Dispose();

    private ProcessSpec Spec(string script) => new(ProcessCommand.Shell(script), _dir.Path) { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task The_shell_leads_its_own_group_pipelines_end_quietly_and_the_exit_code_is_kept()
    {
        var result = await _runner.RunAsync(Spec("yes | head -1; cat /proc/$$/stat; exit 4"), CancellationToken.None);

        Assert.Equal(4, result.ExitCode);
        Assert.Equal("", result.StderrTail);
        var lines = result.StdoutTail.Split('\n');
        Assert.Equal("y", lines[0]);
        var stat = ProcessTreeKiller.ParseStat(lines[1]);
        Assert.NotNull(stat);
        Assert.Equal(result.ProcessId, stat.GroupId);
        Assert.Equal(result.ProcessId, stat.SessionId);
    }

    [Fact]
    public async Task A_background_sleep_is_killed_and_counted_when_the_program_exits()
    {
        var result = await _runner.RunAsync(Spec("sleep 30 & echo $!"), CancellationToken.None);

        var sleeper = int.Parse(result.StdoutTail.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(1, result.LeftoverProcessesKilled);
            await ProcessProbe.AssertDiesAsync(sleeper, "the background sleep");
        }
        finally
        {
            ProcessProbe.Kill(sleeper);
        }
    }

    [Fact]
    public async Task A_timeout_kills_the_tree()
    {
        var pidFile = _dir.File("grandchild.pid");

        var result = await _runner.RunAsync(Spec($"sleep 1000 & echo $! > '{pidFile}'; wait") with { Timeout = TimeSpan.FromSeconds(1) }, CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        await ProcessProbe.AssertDiesAsync(await ProcessProbe.ReadPidFileAsync(pidFile), "the grandchild sleep");
    }

    [Fact]
    public async Task A_missing_program_is_a_start_error()
    {
        var result = await _runner.RunAsync(new ProcessSpec(ProcessCommand.Create("omk-no-such-program-fallback"), _dir.Path), CancellationToken.None);

        Assert.Equal($"program 'omk-no-such-program-fallback' was not found on PATH (working directory: {_dir.Path})", result.StartError);
    }
}
