using System.Diagnostics;
using Omk.Git;
using Omk.Testing;
using Omk.Tests.Processes;

namespace Omk.Tests.Git;

/// <summary>A git call's three pipes moved on one thread (<c>poll</c> on Linux): large input and outputs together, cancellation.</summary>
public sealed class GitCliPipeTests : IDisposable
{
    private readonly TempGitRepo _repo = new();

    public void Dispose() => _repo.Dispose();

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
