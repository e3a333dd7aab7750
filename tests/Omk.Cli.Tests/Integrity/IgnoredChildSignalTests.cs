using Omk.Testing;

namespace Omk.Tests.Integrity;

/// <summary>
/// omk started with SIGCHLD ignored (<c>env --ignore-signal=CHLD</c>, as some daemons and supervisors start their children):
/// the kernel would reap every child at once and its exit status would be lost, so omk sets SIGCHLD back to its default
/// before it starts anything. Its git calls and gates then end with their real exit codes.
/// </summary>
public sealed class IgnoredChildSignalTests
{
    [Fact]
    public async Task Git_and_the_gates_exit_codes_are_read_when_omk_was_started_with_SIGCHLD_ignored()
    {
        using var repo = new TempGitRepo();

        var result = await ChildProcess.RunAsync(
            "env",
            ["--ignore-signal=CHLD", "dotnet", OmkProcess.DllPath, "proof", "--no-reuse", "--gate", "ok=true", "--gate", "bad=!exit 3"],
            repo.Path,
            timeout: TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("gate bad failed: exit code 3", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains("(1 passed, 1 failed, 0 skipped)", result.Stdout, StringComparison.Ordinal);
    }
}
