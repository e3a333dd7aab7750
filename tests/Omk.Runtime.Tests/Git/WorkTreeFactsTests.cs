using Omk.Git;
using Omk.Testing;

namespace Omk.Tests.Git;

/// <summary>The work tree's facts read from the disk name exactly what git itself prints, or are left to git.</summary>
public sealed class WorkTreeFactsTests
{
    private static readonly Func<string, string?> NoGitVariables = _ => null;

    [Fact]
    public async Task The_disk_gives_gits_own_paths_for_a_repository_a_subfolder_a_path_through_a_link_and_a_linked_worktree()
    {
        using var repo = new TempGitRepo();
        using var other = new TempDirectory("omk-facts");
        var sub = Path.Combine(repo.Path, "src", "deep");
        Directory.CreateDirectory(sub);
        var link = other.Combine("link");
        Directory.CreateSymbolicLink(link, repo.Path);
        var worktree = other.Combine("wt");
        repo.Git("worktree", "add", "-q", "-b", "side", worktree);
        var linkedWorktree = other.Combine("wt-link");
        Directory.CreateSymbolicLink(linkedWorktree, worktree);

        foreach (var directory in new[] { repo.Path, sub, Path.Combine(link, "src"), worktree, linkedWorktree })
        {
            var git = await WorkTreeFacts.ReadAsync(directory);
            var disk = WorkTreeFacts.OnDisk(directory, NoGitVariables);

            Assert.NotNull(git);
            Assert.NotNull(disk);
            Assert.True(disk.SameLocation(git), $"{directory}: disk {disk} against git {git}");
            Assert.Equal((null, null), (disk.Head, disk.HeadTree));
            Assert.Equal(repo.Git("-C", directory, "rev-parse", "HEAD"), git.Head);
            Assert.Equal(repo.Git("-C", directory, "rev-parse", "HEAD^{tree}"), git.HeadTree);
        }

        Assert.True(File.Exists(Path.Combine(worktree, ".git"))); // a gitdir: file, whose commondir names the main .git
        Assert.Equal(repo.Git("rev-parse", "--path-format=absolute", "--git-common-dir"), (await WorkTreeFacts.ReadAsync(worktree))!.CommonDirectory);
    }

    [Fact]
    public async Task Git_location_variables_leave_the_paths_to_git_and_a_repository_without_commits_has_no_head()
    {
        using var repo = new TempGitRepo(initialCommit: false);
        using var plain = new TempDirectory();

        Assert.Null(WorkTreeFacts.OnDisk(repo.Path, name => name == "GIT_INDEX_FILE" ? "/elsewhere/index" : null));
        Assert.Null(WorkTreeFacts.OnDisk(repo.Path, name => name == "GIT_DIR" ? "/elsewhere/.git" : null));
        Assert.Null(WorkTreeFacts.OnDisk(plain.Path, NoGitVariables));
        Assert.Null(await WorkTreeFacts.ReadAsync(plain.Path));

        var unborn = await WorkTreeFacts.ReadAsync(repo.Path);
        Assert.NotNull(unborn);
        Assert.Equal((null, null), (unborn.Head, unborn.HeadTree));
        Assert.True(WorkTreeFacts.OnDisk(repo.Path, NoGitVariables)!.SameLocation(unborn));
    }

    [Fact]
    public void A_real_path_resolves_links_at_any_depth_and_keeps_what_does_not_exist()
    {
        using var directory = new TempDirectory("omk-realpath");
        var target = Directory.CreateDirectory(directory.Combine("a", "b")).FullName;
        Directory.CreateSymbolicLink(directory.Combine("to-a"), directory.Combine("a"));
        Directory.CreateSymbolicLink(directory.Combine("a", "b", "up"), "..");

        var real = RealPath.Of(directory.Path);
        Assert.Equal(Path.Combine(real, "a", "b"), RealPath.Of(directory.Combine("to-a", "b")));
        Assert.Equal(Path.Combine(real, "a"), RealPath.Of(directory.Combine("to-a", "b", "up")));
        Assert.Equal(Path.Combine(real, "a", "b", "missing", "x"), RealPath.Of(Path.Combine(target, "missing", "x")));
    }
}
