using Omk.Goals;
using Omk.Testing;

namespace Omk.Tests.Goals;

/// <summary>Integration with merge-tree on a real repository: clean merges, branches already in, and a conflict kept for its task.</summary>
public sealed class GoalIntegrationTests
{
    [Fact]
    public async Task Clean_branches_merge_and_the_first_conflict_stops_with_its_markers_committed_and_the_rest_carried()
    {
        using var repo = new TempGitRepo();
        var baseCommit = repo.Git("rev-parse", "HEAD");

        var a = new GoalBranch("a", "t/a", Branch(repo, "t/a", baseCommit, "a.txt", "a\n"));
        var left = new GoalBranch("left", "t/left", Branch(repo, "t/left", baseCommit, "shared.txt", "left\n"));
        var right = new GoalBranch("right", "t/right", Branch(repo, "t/right", baseCommit, "shared.txt", "right\n"));
        var after = new GoalBranch("after", "t/after", Branch(repo, "t/after", baseCommit, "after.txt", "after\n"));

        var outcome = await new GoalIntegration(repo.Path).MergeAsync(baseCommit, [a, left, right, after], "g1", CancellationToken.None);

        Assert.Equal(a.Head, outcome.Merged[0].Head);
        Assert.Equal(["a", "left"], outcome.Merged.Select(b => b.TaskId));
        Assert.Equal("right", outcome.Conflicted!.TaskId);
        Assert.Equal(["shared.txt"], outcome.ConflictPaths);
        Assert.Equal(["after"], outcome.Carried.Select(b => b.TaskId));
        Assert.Contains("<<<<<<<", repo.Git("show", outcome.ConflictCommit + ":shared.txt"), StringComparison.Ordinal);
        Assert.Equal(outcome.Head, repo.Git("rev-parse", outcome.ConflictCommit + "^1"));
        Assert.Equal("left", repo.Git("show", outcome.Head + ":shared.txt"));
        Assert.Equal("main", repo.Git("branch", "--show-current"));
        Assert.Equal(string.Empty, repo.Git("status", "--porcelain"));

        var again = await new GoalIntegration(repo.Path).MergeAsync(outcome.Head, [a], "g1", CancellationToken.None);
        Assert.Equal(outcome.Head, again.Head); // a branch already in the integration changes nothing
    }

    [Fact]
    public async Task A_branch_already_in_an_earlier_one_adds_no_merge_and_a_fast_forward_makes_none_when_many_branches_merge()
    {
        using var repo = new TempGitRepo();
        var baseCommit = repo.Git("rev-parse", "HEAD");

        var a = new GoalBranch("a", "t/a", Branch(repo, "t/a", baseCommit, "a.txt", "a\n"));
        var b = new GoalBranch("b", "t/b", Branch(repo, "t/b", a.Head, "b.txt", "b\n")); // b holds a
        var c = new GoalBranch("c", "t/c", Branch(repo, "t/c", baseCommit, "c.txt", "c\n"));
        var d = new GoalBranch("d", "t/d", Branch(repo, "t/d", baseCommit, "d.txt", "d\n"));

        var outcome = await new GoalIntegration(repo.Path).MergeAsync(baseCommit, [b, a, c, d], "g1", CancellationToken.None);

        Assert.Equal(["b", "a", "c", "d"], outcome.Merged.Select(m => m.TaskId));
        Assert.Equal("2", repo.Git("rev-list", "--count", "--merges", baseCommit + ".." + outcome.Head)); // c and d; b fast-forwarded, a already in
        Assert.Equal(b.Head, repo.Git("rev-parse", outcome.Head + "^1^1"));

        var unrelated = await new GoalIntegration(repo.Path).MergeAsync(baseCommit, [a, c, d], "g2", CancellationToken.None);

        Assert.Equal(a.Head, repo.Git("rev-parse", unrelated.Head + "^1^1")); // the first fast-forwards, the others merge
        Assert.Equal("a.txt\nc.txt\nd.txt", string.Join('\n', repo.Git("ls-tree", "--name-only", unrelated.Head).Split('\n').Where(f => f.Length == 5)));
    }

    /// <summary>A branch <paramref name="name"/> from <paramref name="from"/> with one commit writing <paramref name="file"/>; its head.</summary>
    private static string Branch(TempGitRepo repo, string name, string from, string file, string content)
    {
        repo.Git("checkout", "-q", "-b", name, from);
        repo.Write(file, content);
        repo.Commit(name);
        var head = repo.Git("rev-parse", "HEAD");
        repo.Git("checkout", "-q", "main");
        return head;
    }
}
