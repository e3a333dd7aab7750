using System.Diagnostics;
using Omk.Git;
using Omk.Processes;
using Omk.Testing;
using Omk.Tests.Processes;

namespace Omk.Tests.Git;

/// <summary>git as omk runs it (on Linux through <c>posix_spawn</c>, its pipes moved on one thread): input, environment, session, timeout, cancellation, errors.</summary>
public sealed class GitCliTests : IDisposable
{
    private readonly TempGitRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task Input_is_written_to_gits_standard_input()
    {
        var text = string.Concat(Enumerable.Repeat("a line of input, ü\n", 20_000)); // larger than a pipe's buffer
        var file = Path.Combine(_repo.Path, "input.txt");
        await File.WriteAllTextAsync(file, text);

        var fromInput = await new GitCli(_repo.Path).RunAsync(["hash-object", "--stdin"], null, text);
        var fromFile = await new GitCli(_repo.Path).RunAsync("hash-object", file);

        Assert.Equal(0, fromInput.ExitCode);
        Assert.Equal(fromFile.StdoutText, fromInput.StdoutText);
    }

    [Fact]
    public async Task Git_gets_a_stable_environment_and_the_callers_variables_and_stays_in_omks_process_group()
    {
        var result = await new GitCli(_repo.Path).RunAsync(
            ["-c", "alias.probe=!echo \"$LC_ALL $GIT_PAGER $GIT_TERMINAL_PROMPT $OMK_GIT_TEST\"; cat /proc/$$/stat", "probe"],
            new Dictionary<string, string> { ["OMK_GIT_TEST"] = "given" });

        Assert.Equal(0, result.ExitCode);
        var lines = result.StdoutText.Split('\n');
        Assert.Equal("C cat 0 given", lines[0]);
        var stat = ProcessTreeKiller.ParseStat(lines[1]);
        var own = ProcessTreeKiller.ReadStat(Environment.ProcessId);
        Assert.NotNull(stat);
        Assert.NotNull(own);
        Assert.Equal(own.GroupId, stat.GroupId);
        Assert.Equal(own.SessionId, stat.SessionId);
    }

    [Fact]
    public async Task A_timeout_kills_git_and_what_it_started()
    {
        var pidFile = Path.Combine(_repo.Path, "sleep.pid");
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<GitException>(() => new GitCli(_repo.Path, TimeSpan.FromSeconds(1)).RunAsync(
            ["-c", $"alias.hang=!sh -c 'echo $$ > \"{pidFile}\"; exec sleep 60'", "hang"]));

        Assert.Contains("timed out after 1 s", error.Message, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"took {stopwatch.Elapsed}");
        await ProcessProbe.AssertDiesAsync(await ProcessProbe.ReadPidFileAsync(pidFile), "the sleep git's alias started");
    }

    [Fact]
    public async Task A_missing_working_directory_is_a_git_error_naming_it()
    {
        var missing = Path.Combine(_repo.Path, "not", "here");

        var error = await Assert.ThrowsAsync<GitException>(() => new GitCli(missing).RunAsync("status"));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_exit_code_and_standard_error_of_a_failing_git_are_returned()
    {
        var result = await new GitCli(_repo.Path).RunAsync("rev-parse", "--verify", "no-such-ref");

        Assert.Equal(128, result.ExitCode);
        Assert.Contains("fatal", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_standard_output_and_standard_error_all_larger_than_a_pipe_complete_without_deadlock()
    {
        // 2.2 MB on standard error before git's alias reads any input, then 3 MB of input echoed back on standard output.
        await File.WriteAllTextAsync(Path.Combine(_repo.Path, "flood.sh"), "yes error-line | head -n 200000 >&2\ncat\nexit 3\n");
        var input = string.Concat(Enumerable.Repeat("a line of input, ü\n", 150_000));

        var result = await new GitCli(_repo.Path).RunAsync(["-c", "alias.flood=!sh flood.sh", "flood"], null, input);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(input), result.Stdout);
        Assert.Equal(200_000 * "error-line\n".Length, result.Stderr.Length);
    }

    [Fact]
    public async Task A_git_that_does_not_read_its_large_input_still_returns_its_exit_code_and_error()
    {
        var input = new string('x', 3_000_000);

        var result = await new GitCli(_repo.Path).RunAsync(["rev-parse", "--verify", "no-such-ref"], null, input);

        Assert.Equal(128, result.ExitCode);
        Assert.Contains("fatal", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_mid_call_kills_git_and_what_it_started_and_throws_promptly()
    {
        var pidFile = Path.Combine(_repo.Path, "sleep.pid");
        using var cancellation = new CancellationTokenSource();
        var call = new GitCli(_repo.Path).RunAsync(["-c", $"alias.hang=!sh -c 'echo $$ > \"{pidFile}\"; exec sleep 60'", "hang"], cancellation.Token);
        var pid = await ProcessProbe.ReadPidFileAsync(pidFile);
        var stopwatch = Stopwatch.StartNew();

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        await ProcessProbe.AssertDiesAsync(pid, "the sleep git's alias started");
    }
}
