using System.Globalization;
using Omk.Processes;

namespace Omk.Tests.Processes;

/// <summary>
/// The Linux launch path (<see cref="PosixSpawner"/>): one program per run, started directly, in a session and group of
/// its own, with SIGPIPE at its default, an empty signal mask, its environment and working directory, and clear start
/// errors. (Timeouts, cancellation and leftovers on this path are <see cref="ProcessTreeKillTests"/> and
/// <see cref="ProcessRunnerTests"/>, which run on it on Linux.)
/// </summary>
public sealed class PosixSpawnTests : IDisposable
{
    private readonly ProcessTestDirectory _dir = new();
    private readonly ProcessRunner _runner = new();

    public void Dispose() => _dir.Dispose();

    private ProcessSpec Spec(ProcessCommand command) => new(command, _dir.Path) { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public void The_C_library_offers_everything_posix_spawn_needs_on_this_machine()
    {
        Assert.Equal(OperatingSystem.IsLinux(), PosixSpawnLibrary.IsAvailable);
    }

    [Fact]
    public async Task The_program_is_a_child_of_this_process_leading_its_own_session_and_group()
    {
        var result = await _runner.RunAsync(Spec(ProcessCommand.Create("cat", "/proc/self/stat")), CancellationToken.None);

        var stat = ProcessTreeKiller.ParseStat(result.StdoutTail);
        Assert.NotNull(stat);
        Assert.StartsWith($"{result.ProcessId} (cat) ", result.StdoutTail, StringComparison.Ordinal);
        Assert.Equal(Environment.ProcessId, stat.ParentId); // nothing in between: cat itself was started
        Assert.Equal(result.ProcessId, stat.GroupId);
        Assert.Equal(result.ProcessId, stat.SessionId);
    }

    [Fact]
    public async Task Yes_into_head_ends_quietly_and_no_signal_is_blocked()
    {
        var result = await _runner.RunAsync(Spec(ProcessCommand.Shell("yes | head -1; grep -E 'Sig(Blk|Ign)' /proc/self/status")), CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StderrTail);
        var lines = result.StdoutTail.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("y", lines[0]);
        Assert.Equal(0UL, Mask(lines, "SigBlk"));
        Assert.Equal(0UL, Mask(lines, "SigIgn") & (1UL << (13 - 1))); // SIGPIPE
    }

    [Fact]
    public async Task The_environment_with_its_changes_and_the_tree_marker_and_the_working_directory_arrive()
    {
        Environment.SetEnvironmentVariable("OMK_SPAWN_TEST_INHERITED", "inherited value");
        Environment.SetEnvironmentVariable("OMK_SPAWN_TEST_REMOVED", "should go");
        var spec = Spec(ProcessCommand.Shell("pwd -P; echo \"$OMK_SPAWN_TEST_INHERITED|${OMK_SPAWN_TEST_REMOVED-unset}|$OMK_SPAWN_SET|${OMK_PROCESS_TREE}\""))
            with
        {
            Environment = new Dictionary<string, string?> { ["OMK_SPAWN_SET"] = "ü = ✓", ["OMK_SPAWN_TEST_REMOVED"] = null },
        };

        var result = await _runner.RunAsync(spec, CancellationToken.None);

        var lines = result.StdoutTail.Split('\n');
        Assert.Equal(_dir.Path, lines[0]);
        var fields = lines[1].Split('|');
        Assert.Equal(["inherited value", "unset", "ü = ✓"], fields[..3]);
        Assert.Matches("^[0-9a-f]{32}$", fields[3]);
    }

    [Fact]
    public async Task A_signal_ending_the_program_gives_128_plus_the_signal_as_the_exit_code()
    {
        var result = await _runner.RunAsync(Spec(ProcessCommand.Shell("kill -TERM $$")), CancellationToken.None);

        Assert.Equal(143, result.ExitCode);
        Assert.False(result.TimedOut);
    }

    [Fact]
    public async Task A_missing_program_a_file_that_is_not_executable_and_a_missing_directory_are_clear_start_errors()
    {
        var plain = _dir.File("plain.txt");
        await File.WriteAllTextAsync(plain, "not a program\n");

        var missing = await _runner.RunAsync(Spec(ProcessCommand.Create("omk-no-such-program-spawn")), CancellationToken.None);
        var notExecutable = await _runner.RunAsync(Spec(ProcessCommand.Create("./plain.txt")), CancellationToken.None);
        var noDirectory = await _runner.RunAsync(new ProcessSpec(ProcessCommand.Create("true"), _dir.File("gone")), CancellationToken.None);

        Assert.Equal($"program 'omk-no-such-program-spawn' was not found on PATH (working directory: {_dir.Path})", missing.StartError);
        Assert.Equal($"program './plain.txt' ({plain}) is not executable (working directory: {_dir.Path})", notExecutable.StartError);
        Assert.Equal($"working directory '{_dir.File("gone")}' does not exist (program 'true')", noDirectory.StartError);
        Assert.All([missing, notExecutable, noDirectory], r => Assert.Null(r.ProcessId));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task An_executable_file_the_system_cannot_run_names_the_program_and_why()
    {
        var garbage = _dir.File("garbage.bin");
        await File.WriteAllBytesAsync(garbage, [0x00, 0x01, 0x02, 0x03, 0xff, 0xfe]);
        File.SetUnixFileMode(garbage, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var log = _dir.File("garbage.log");

        var result = await _runner.RunAsync(Spec(ProcessCommand.Create("./garbage.bin")) with { LogPath = log }, CancellationToken.None);

        Assert.Null(result.ExitCode);
        Assert.Null(result.ProcessId);
        Assert.Equal($"program './garbage.bin' could not be started: Exec format error ({garbage}; working directory: {_dir.Path})", result.StartError);
        Assert.Contains($"# failed to start: {result.StartError}", await File.ReadAllTextAsync(log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_that_left_its_session_and_was_orphaned_to_omk_is_killed_and_counted_when_the_gate_exits()
    {
        var pidFile = _dir.File("escaped.pid");

        // setsid -f forks: the sleep leads a session of its own, its parent exits, and it is reparented to this process
        // (the subreaper). Only the tree marker in its environment says whose it is.
        var result = await _runner.RunAsync(Spec(ProcessCommand.Shell($"setsid -f sh -c 'echo $$ > \"{pidFile}\"; exec sleep 30'; while [ ! -s '{pidFile}' ]; do sleep 0.05; done")), CancellationToken.None);

        var escaped = await ProcessProbe.ReadPidFileAsync(pidFile);
        try
        {
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(1, result.LeftoverProcessesKilled);
            await ProcessProbe.AssertDiesAsync(escaped, "the sleep that left the gate's session");
        }
        finally
        {
            ProcessProbe.Kill(escaped);
        }
    }

    private static ulong Mask(string[] lines, string name) =>
        ulong.Parse(lines.Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
