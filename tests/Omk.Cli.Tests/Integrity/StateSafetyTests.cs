using System.Diagnostics;
using System.Text.Json;
using Omk.Testing;

namespace Omk.Tests.Integrity;

/// <summary>Run state is safe: unique under concurrency, never hiding the user's files, never in a git folder, honest about shallow history.</summary>
public sealed class StateSafetyTests
{
    [Fact]
    public async Task Fifty_concurrent_runs_in_one_repo_get_fifty_run_directories_with_one_run_started_each()
    {
        using var repo = new TempGitRepo();
        var runs = Enumerable.Range(0, 50).Select(_ => OmkProcess.RunAsync(repo.Path, "proof", "--gate", "ok=true")).ToList();
        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var directories = Directory.GetDirectories(Path.Combine(repo.Path, ".omk", "runs"));
        Assert.Equal(50, directories.Length);
        foreach (var directory in directories)
        {
            var lines = File.ReadAllLines(Path.Combine(directory, "events.jsonl"));
            var ids = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("run_id").GetString()).Distinct().ToList();
            Assert.Equal([Path.GetFileName(directory)], ids);
            Assert.Single(lines, l => l.Contains("\"run_started\"", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task State_dir_dot_leaves_the_users_new_files_visible_to_git()
    {
        using var repo = new TempGitRepo();
        var result = await OmkProcess.RunAsync(repo.Path, "proof", "--state-dir", ".", "--gate", "ok=true");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(File.Exists(Path.Combine(repo.Path, ".gitignore")));

        repo.Write("new-work.cs", "class C {}\n");
        Assert.Equal("?? new-work.cs", repo.Git("status", "--porcelain"));
    }

    [Fact]
    public async Task A_bare_repository_is_a_clear_error_and_nothing_is_written_in_it()
    {
        using var source = new TempGitRepo();
        using var bare = new TempDirectory("omk-bare");
        var clone = Process.Start("git", ["clone", "-q", "--bare", source.Path, bare.Path])!;
        await clone.WaitForExitAsync();

        var result = await OmkProcess.RunAsync(bare.Path, "proof", "--gate", "ok=true");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("is a bare git repository", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(bare.Path, ".omk")));
    }

    [Fact]
    public async Task A_shallow_clone_whose_history_does_not_reach_the_base_says_to_fetch_deeper()
    {
        using var source = new TempGitRepo();
        for (var i = 0; i < 6; i++)
        {
            source.Write($"file{i}.txt", $"{i}\n");
            source.Commit($"commit {i}");
        }

        using var parent = new TempDirectory("omk-shallow");
        var target = Path.Combine(parent.Path, "clone");
        var clone = Process.Start("git", ["clone", "-q", "--depth", "1", "file://" + source.Path, target])!;
        await clone.WaitForExitAsync();
        Assert.Equal(0, clone.ExitCode);

        var result = await OmkProcess.RunAsync(target, "proof", "--base", "HEAD~5", "--gate", "ok=true");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("shallow clone", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("fetch-depth: 0", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(target, ".omk", "runs")));
    }
}
