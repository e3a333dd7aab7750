using System.Diagnostics;
using Omk.Testing;

namespace Omk.Tests.Integrity;

/// <summary>Bad input and a hostile environment end in one line and exit 2, never a stack trace.</summary>
public sealed class BadInputTests
{
    [Theory]
    [InlineData("1200h", "--timeout '1200h' is too long")]
    [InlineData("0s", "--timeout '0s' must be longer than zero")]
    public async Task Timeouts_out_of_range_are_usage_errors(string timeout, string message)
    {
        using var repo = new TempGitRepo();
        var result = await OmkProcess.RunAsync(repo.Path, "proof", "--timeout", timeout, "--gate", "ok=true");
        AssertOneLineError(result, message);
        Assert.False(Directory.Exists(Path.Combine(repo.Path, ".omk", "runs")));
    }

    [Fact]
    public async Task A_state_dir_that_is_a_file_is_a_usage_error()
    {
        using var repo = new TempGitRepo();
        repo.Write(".omk", "not a folder\n");
        var result = await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "ok=true");
        AssertOneLineError(result, "is a file; remove it or pass --state-dir DIR");
    }

    [Fact]
    public async Task An_unwritable_state_dir_is_a_usage_error()
    {
        using var repo = new TempGitRepo();
        var result = await OmkProcess.RunAsync(repo.Path, "proof", "--state-dir", "/proc/omk-state", "--gate", "ok=true"); // /proc takes no folders, even from root
        AssertOneLineError(result, "the state directory '/proc/omk-state' is not writable");
    }

    [Fact]
    public async Task Gits_dubious_ownership_refusal_says_how_to_trust_the_repository()
    {
        using var repo = new TempGitRepo();
        Run("chown", "-R", "12345:12345", repo.Path);
        try
        {
            var result = await OmkProcess.RunAsync(repo.Path, new Dictionary<string, string?> { ["HOME"] = repo.Path + "-nohome" }, "proof", "--gate", "ok=true");
            AssertOneLineError(result, "it is owned by another user (\"dubious ownership\")");
            Assert.Contains("safe.directory", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Run("chown", "-R", "0:0", repo.Path);
        }
    }

    [Fact]
    public async Task A_full_disk_is_one_line_and_keeps_what_was_recorded()
    {
        using var repo = new TempGitRepo();
        using var mount = new TempDirectory("omk-full");
        Run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.Path); // a small disk that fills up
        try
        {
            var filler = "!head -c 2000000 /dev/zero | tr '\\0' x | fold -w 100";
            var result = await OmkProcess.RunAsync(repo.Path, "proof", "--state-dir", mount.Path, "--gate", "fill=" + filler, "--gate", "after=true");
            Assert.True(result.ExitCode is 1 or 2, result.ToString());
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
            var run = Directory.GetDirectories(Path.Combine(mount.Path, "runs")).Single();
            Assert.Contains("\"run_started\"", File.ReadAllText(Path.Combine(run, "events.jsonl")), StringComparison.Ordinal);
        }
        finally
        {
            Run("umount", mount.Path);
        }
    }

    [Fact]
    public async Task Verbose_adds_the_stack_trace()
    {
        using var repo = new TempGitRepo();
        repo.Write(".omk", "not a folder\n");
        var result = await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "ok=true", "--verbose");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("   at ", result.Stderr, StringComparison.Ordinal);
    }

    private static void AssertOneLineError(ChildProcess.Result result, string message)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("omk: ", StringComparison.Ordinal));
    }

    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(program, args)!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed");
    }
}
