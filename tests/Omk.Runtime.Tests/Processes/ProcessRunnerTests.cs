using System.Diagnostics;
using Omk.Processes;

namespace Omk.Tests.Processes;

public sealed class ProcessRunnerTests : IDisposable
{
    private readonly ProcessTestDirectory _dir = new();
    private readonly ProcessRunner _runner = new();

    public void Dispose() => _dir.Dispose();

    private ProcessSpec Spec(ProcessCommand command) => new(command, _dir.Path) { Timeout = TimeSpan.FromSeconds(30) };

    private Task<ProcessResult> RunAsync(ProcessCommand command) => _runner.RunAsync(Spec(command), CancellationToken.None);

    [Fact]
    public async Task ExitCodeZero_Succeeds()
    {
        var result = await RunAsync(ProcessCommand.Create("true"));

        Assert.Equal(0, result.ExitCode);
        Assert.True(result.Succeeded);
        Assert.False(result.TimedOut);
        Assert.False(result.Cancelled);
        Assert.Null(result.StartError);
        Assert.NotNull(result.ProcessId);
        Assert.True(result.Duration > TimeSpan.Zero);
    }

    [Fact]
    public async Task NonZeroExitCode_IsReported()
    {
        var result = await RunAsync(ProcessCommand.Shell("echo failing >&2; exit 3"));

        Assert.Equal(3, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.False(result.TimedOut);
        Assert.Equal("failing", result.StderrSummary);
    }

    [Fact]
    public async Task Arguments_ArePassedLiterally_WithoutAShell()
    {
        var command = ProcessCommand.Create("printf", "%s|", "a b", "$HOME", "it's", "\"q\"", "x;y", "*", "");

        var result = await RunAsync(command);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("a b|$HOME|it's|\"q\"|x;y|*||", result.StdoutTail);
        Assert.False(command.IsShell);
        Assert.Equal(@"printf '%s|' 'a b' '$HOME' 'it'\''s' '""q""' 'x;y' '*' ''", command.CommandLine);
    }

    [Fact]
    public async Task ShellCommand_RunsThroughSh()
    {
        var command = ProcessCommand.Shell("echo $((1 + 2)) | sed s/3/three/");

        var result = await RunAsync(command);

        Assert.True(command.IsShell);
        Assert.Equal("echo $((1 + 2)) | sed s/3/three/", command.CommandLine);
        Assert.Equal("/bin/sh", command.Program);
        Assert.Equal(["-c", "echo $((1 + 2)) | sed s/3/three/"], command.Arguments);
        Assert.Equal("three\n", result.StdoutTail);
    }

    [Fact]
    public async Task Environment_IsSetOverriddenAndRemoved()
    {
        System.Environment.SetEnvironmentVariable("OMK_PROCESS_TEST_INHERITED", "present");
        var command = ProcessCommand.Shell("echo \"set=${OMK_SET-unset} inherited=${OMK_PROCESS_TEST_INHERITED-unset}\"");

        var plain = await RunAsync(command);
        var changed = await _runner.RunAsync(
            Spec(command) with
            {
                Environment = new Dictionary<string, string?> { ["OMK_SET"] = "a b", ["OMK_PROCESS_TEST_INHERITED"] = null },
            },
            CancellationToken.None);

        Assert.Equal("set=unset inherited=present\n", plain.StdoutTail);
        Assert.Equal("set=a b inherited=unset\n", changed.StdoutTail);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task WorkingDirectory_IsHonoured_AndRelativeProgramsResolveAgainstIt()
    {
        var script = _dir.File("hello.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho \"hello from $(pwd -P)\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await RunAsync(ProcessCommand.Create("./hello.sh"));

        Assert.Null(result.StartError);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"hello from {_dir.Path}\n", result.StdoutTail);
    }

    [Fact]
    public async Task Stdin_IsClosed_SoCatReturnsAtOnce()
    {
        var stopwatch = Stopwatch.StartNew();

        var result = await _runner.RunAsync(Spec(ProcessCommand.Create("cat")) with { Timeout = TimeSpan.FromSeconds(10) }, CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Equal("", result.StdoutTail);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"cat took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task MissingProgram_GivesStartError_NotAnException()
    {
        var log = _dir.File("logs/missing.log");

        var result = await _runner.RunAsync(
            Spec(ProcessCommand.Create("omk-no-such-program-xyz", "arg")) with { LogPath = log }, CancellationToken.None);

        Assert.Null(result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.Null(result.ProcessId);
        Assert.NotNull(result.StartError);
        Assert.Contains("omk-no-such-program-xyz", result.StartError);
        Assert.Contains(_dir.Path, result.StartError);
        Assert.Contains("# failed to start: ", await File.ReadAllTextAsync(log));
    }

    [Fact]
    public async Task MissingRelativeProgram_GivesStartError()
    {
        var result = await RunAsync(ProcessCommand.Create("./not-here.sh"));

        Assert.Null(result.ExitCode);
        Assert.Contains("./not-here.sh", result.StartError);
        Assert.Contains(_dir.File("not-here.sh"), result.StartError);
    }

    [Fact]
    public async Task MissingWorkingDirectory_GivesStartError()
    {
        var missing = _dir.File("does/not/exist");

        var result = await _runner.RunAsync(new ProcessSpec(ProcessCommand.Create("true"), missing), CancellationToken.None);

        Assert.Null(result.ExitCode);
        Assert.NotNull(result.StartError);
        Assert.Contains(missing, result.StartError);
        Assert.Contains("does not exist", result.StartError);
        Assert.Contains("'true'", result.StartError);
    }

    [Fact]
    public async Task AlreadyCancelledToken_StartsNothing()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var result = await _runner.RunAsync(Spec(ProcessCommand.Create("true")), cts.Token);

        Assert.True(result.Cancelled);
        Assert.Null(result.ExitCode);
        Assert.Null(result.ProcessId);
        Assert.Null(result.StartError);
    }

    [Fact]
    public async Task Summaries_FollowTheRule_AndStderrIsSeparate()
    {
        var longLine = new string('L', 250);
        var script = $"printf '\\n  first  \\n\\n\\tsecond\\n{longLine}\\nfourth\\n'; printf 'err one\\n\\n  err two  \\n' >&2";

        var result = await RunAsync(ProcessCommand.Shell(script));

        Assert.Equal($"first\nsecond\n{new string('L', 240)}...\n...", result.StdoutSummary);
        Assert.Equal("err one\nerr two", result.StderrSummary);
        Assert.DoesNotContain("err", result.StdoutTail, StringComparison.Ordinal);
        Assert.Equal("err one\n\n  err two  \n", result.StderrTail);
        Assert.Equal(result.StderrTail.Length, result.StderrBytes);
    }

    [Fact]
    public async Task Tail_KeepsOnlyTheLastBytes()
    {
        var result = await _runner.RunAsync(
            Spec(ProcessCommand.Shell("seq 1 20000")) with { TailBytes = 12 }, CancellationToken.None);

        Assert.Equal("19999\n20000\n", result.StdoutTail);
        Assert.Equal(Enumerable.Range(1, 20000).Sum(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 1), result.StdoutBytes);
        Assert.Equal("1\n2\n3\n...", result.StdoutSummary);
    }

    [Fact]
    public async Task ProcessId_IsTheProgramItself_LeadingItsOwnProcessGroup()
    {
        var result = await RunAsync(ProcessCommand.Shell("cat /proc/$$/stat"));

        var stat = ProcessTreeKiller.ParseStat(result.StdoutTail);
        Assert.NotNull(stat);
        var shellPid = int.Parse(result.StdoutTail.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(result.ProcessId, shellPid);
        Assert.Equal(shellPid, stat.GroupId);
        Assert.Equal(shellPid, stat.SessionId);
    }

    [Fact]
    public async Task Children_GetTheDefaultSigpipeAction_SoPipelinesEndQuietly()
    {
        var result = await RunAsync(ProcessCommand.Shell("yes | head -c 6; grep SigIgn /proc/self/status"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StderrTail);
        var ignored = Convert.ToUInt64(result.StdoutTail.Split(':')[1].Trim(), 16);
        Assert.True((ignored & (1UL << (13 - 1))) == 0, $"SIGPIPE is ignored in the child: {result.StdoutTail}");
        Assert.StartsWith("y\ny\ny\nSigIgn:", result.StdoutTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackgroundGrandchildHoldingThePipe_IsKilledWhenTheProgramExits_AndReported()
    {
        var stopwatch = Stopwatch.StartNew();

        var result = await RunAsync(ProcessCommand.Shell("sleep 30 & echo \"hi $!\""));

        var sleeper = int.Parse(result.StdoutTail.Trim().Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Assert.Equal(0, result.ExitCode);
            Assert.False(result.TimedOut);
            Assert.StartsWith("hi ", result.StdoutTail, StringComparison.Ordinal);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(6), $"took {stopwatch.Elapsed}");
            Assert.Equal(1, result.LeftoverProcessesKilled);
            await ProcessProbe.AssertDiesAsync(sleeper, "the background sleep a normally exiting process left behind");
        }
        finally
        {
            ProcessProbe.Kill(sleeper);
        }
    }
}
