using Omk.Git;
using Omk.Testing;

namespace Omk.Tests.Git;

/// <summary>Finding the work tree on disk gives git's own answer, and gives none where only git can tell.</summary>
public sealed class GitDiscoveryTests
{
    private static readonly Func<string, string?> NoGitVariables = _ => null;

    [Fact]
    public void The_top_level_is_found_from_the_root_and_from_a_subfolder_as_git_finds_it()
    {
        using var repo = new TempGitRepo();
        var sub = Path.Combine(repo.Path, "src", "deep");
        Directory.CreateDirectory(sub);

        Assert.Equal(repo.Git("rev-parse", "--show-toplevel"), GitDiscovery.FindTopLevel(repo.Path, NoGitVariables));
        Assert.Equal(repo.Git("rev-parse", "--show-toplevel"), GitDiscovery.FindTopLevel(sub, NoGitVariables));
    }

    [Fact]
    public void A_linked_worktree_is_its_own_top_level()
    {
        using var repo = new TempGitRepo();
        using var other = new TempDirectory("omk-worktree");
        var worktree = Path.Combine(other.Path, "wt");
        repo.Git("worktree", "add", "-q", "-b", "side", worktree);
        Directory.CreateDirectory(Path.Combine(worktree, "sub"));

        Assert.True(File.Exists(Path.Combine(worktree, ".git")));
        Assert.Equal(worktree, GitDiscovery.FindTopLevel(Path.Combine(worktree, "sub"), NoGitVariables));
    }

    [Fact]
    public void Outside_a_repository_inside_its_git_folder_or_with_git_variables_set_there_is_no_answer()
    {
        using var plain = new TempDirectory();
        using var repo = new TempGitRepo();

        Assert.Null(GitDiscovery.FindTopLevel(plain.Path, NoGitVariables));
        Assert.Null(GitDiscovery.FindTopLevel(Path.Combine(repo.Path, ".git"), NoGitVariables));
        Assert.Null(GitDiscovery.FindTopLevel(Path.Combine(repo.Path, ".git", "refs"), NoGitVariables));
        Assert.Null(GitDiscovery.FindTopLevel(repo.Path, name => name == "GIT_DIR" ? "/elsewhere/.git" : null));
        Assert.Null(GitDiscovery.FindTopLevel(repo.Path, name => name == "GIT_CEILING_DIRECTORIES" ? repo.Path : null));
    }

    [Fact]
    public void A_config_that_moves_the_work_tree_or_a_folder_that_is_not_a_repository_is_left_to_git()
    {
        using var repo = new TempGitRepo();
        repo.Git("config", "core.worktree", "/tmp");
        Assert.Null(GitDiscovery.FindTopLevel(repo.Path, NoGitVariables));

        using var fake = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(fake.Path, ".git"));
        Assert.Null(GitDiscovery.FindTopLevel(fake.Path, NoGitVariables));
    }
}
