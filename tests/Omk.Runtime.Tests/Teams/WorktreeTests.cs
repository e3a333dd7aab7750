using Omk.Testing;
using Omk.Workspaces;

namespace Omk.Tests.Teams;

/// <summary>Task worktrees through the git CLI, in real repositories.</summary>
public sealed class WorktreeTests : IDisposable
{
    private readonly TempGitRepo _repo = new();
    private readonly TempDirectory _root = new("omk-wt");

    public void Dispose()
    {
        _repo.Dispose();
        _root.Dispose();
    }

    private WorktreePool Pool() => new(_repo.Path, _root.Path);

    [Fact]
    public async Task A_worktree_lives_outside_the_repository_on_its_own_branch()
    {
        var head = _repo.Git("rev-parse", "HEAD");
        var ws = await Pool().CreateAsync("run-1", "api", head, []);
        Assert.StartsWith(_root.Path, ws.Path, StringComparison.Ordinal);
        Assert.False(ws.Path.StartsWith(_repo.Path, StringComparison.Ordinal));
        Assert.Equal("omk/run-1/api", ws.Branch);
        Assert.Equal(head, ws.BaseCommit);
        Assert.True(File.Exists(Path.Combine(ws.Path, "README.md")));
        Assert.Equal("omk/run-1/api", new TempGitRepoView(ws.Path).Git("branch", "--show-current"));
    }

    [Fact]
    public async Task A_task_with_dependencies_starts_from_their_merge_and_a_conflict_names_the_paths()
    {
        var pool = Pool();
        var head = _repo.Git("rev-parse", "HEAD");
        var a = await pool.CreateAsync("run-1", "a", head, []);
        File.WriteAllText(Path.Combine(a.Path, "a.txt"), "a\n");
        File.WriteAllText(Path.Combine(a.Path, "README.md"), "from a\n");
        await pool.CommitAsync(a, "a");
        var b = await pool.CreateAsync("run-1", "b", head, []);
        File.WriteAllText(Path.Combine(b.Path, "b.txt"), "b\n");
        await pool.CommitAsync(b, "b");
        var c = await pool.CreateAsync("run-1", "c", head, []);
        File.WriteAllText(Path.Combine(c.Path, "README.md"), "from c\n");
        await pool.CommitAsync(c, "c");

        var merged = await pool.CreateAsync("run-1", "ab", head, [a.Branch, b.Branch]);
        Assert.True(File.Exists(Path.Combine(merged.Path, "a.txt")));
        Assert.True(File.Exists(Path.Combine(merged.Path, "b.txt")));
        Assert.Equal(string.Empty, _repo.Git("status", "--porcelain"));

        var conflict = await Assert.ThrowsAsync<MergeConflictException>(() => pool.CreateAsync("run-1", "ac", head, [a.Branch, c.Branch]));
        Assert.Equal(["README.md"], conflict.Paths);
        Assert.Equal(string.Empty, _repo.Git("branch", "--list", "omk/run-1/ac"));
    }

    [Fact]
    public async Task A_commit_carries_the_trailers_and_lists_every_changed_file_since_the_base()
    {
        var pool = Pool();
        var ws = await pool.CreateAsync("run-1", "api", _repo.Git("rev-parse", "HEAD"), []);
        var view = new TempGitRepoView(ws.Path);
        File.WriteAllText(Path.Combine(ws.Path, "own.txt"), "agent's own commit\n");
        view.Git("add", "own.txt");
        view.Git("commit", "-q", "-m", "agent commit");
        File.WriteAllText(Path.Combine(ws.Path, "left.txt"), "left uncommitted\n");

        var commit = await pool.CommitAsync(ws, "omk: api");

        Assert.Equal(["left.txt", "own.txt"], commit.ChangedFiles.Order(StringComparer.Ordinal));
        Assert.Contains("Omk-Run: run-1\nOmk-Task: api", view.Git("log", "-1", "--format=%B"), StringComparison.Ordinal);
        Assert.Equal("agent commit", view.Git("log", "-1", "--skip=1", "--format=%s"));
    }

    [Fact]
    public async Task Prune_removes_clean_worktrees_of_finished_runs_and_keeps_dirty_and_unexplained_ones()
    {
        var pool = Pool();
        var head = _repo.Git("rev-parse", "HEAD");
        var clean = await pool.CreateAsync("run-1", "clean", head, []);
        await pool.CommitAsync(clean, "clean");
        var dirty = await pool.CreateAsync("run-1", "dirty", head, []);
        File.WriteAllText(Path.Combine(dirty.Path, "unsaved.txt"), "work in progress\n");
        var live = await pool.CreateAsync("run-2", "live", head, []);
        Directory.CreateDirectory(Path.Combine(pool.Directory, "run-1", "stray"));
        var catalog = new WorktreeCatalog(pool);
        static bool Finished(string run) => run == "run-1";

        var listed = await catalog.ListAsync(Finished);
        Assert.Equal(4, listed.Count);
        Assert.False(listed.Single(e => e.TaskId == "dirty").Clean);
        Assert.True(listed.Single(e => e.TaskId == "clean").SizeBytes > 0);

        var dry = await catalog.PruneAsync(Finished, null, DateTimeOffset.UtcNow, dryRun: true);
        Assert.True(Directory.Exists(clean.Path));
        Assert.Null(dry.Single(r => r.Entry.TaskId == "clean").Reason);

        var pruned = await catalog.PruneAsync(Finished, null, DateTimeOffset.UtcNow, dryRun: false);

        Assert.True(pruned.Single(r => r.Entry.TaskId == "clean").Removed);
        Assert.False(Directory.Exists(clean.Path));
        Assert.Equal(head, _repo.Git("merge-base", "main", clean.Branch));
        Assert.Contains("uncommitted", pruned.Single(r => r.Entry.TaskId == "dirty").Reason, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dirty.Path, "unsaved.txt")));
        Assert.Contains("not finished", pruned.Single(r => r.Entry.TaskId == "live").Reason, StringComparison.Ordinal);
        Assert.True(Directory.Exists(live.Path));
        Assert.Contains("unexplained", pruned.Single(r => r.Entry.TaskId == "stray").Reason, StringComparison.Ordinal);

        var young = await catalog.PruneAsync(_ => true, TimeSpan.FromDays(7), DateTimeOffset.UtcNow, dryRun: false);
        Assert.DoesNotContain(young, r => r.Removed);
    }

    /// <summary>git in a directory that is not the test repository (a worktree).</summary>
    private sealed class TempGitRepoView(string path)
    {
        public string Git(params string[] args)
        {
            var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = path, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args)
            {
                start.ArgumentList.Add(a);
            }

            using var process = System.Diagnostics.Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output.Trim();
        }
    }
}
