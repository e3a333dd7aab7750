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
        string Branch(string name, string file, string content)
        {
            repo.Git("checkout", "-q", "-b", name, baseCommit);
            repo.Write(file, content);
            repo.Commit(name);
            var head = repo.Git("rev-parse", "HEAD");
            repo.Git("checkout", "-q", "main");
            return head;
        }

        var a = new GoalBranch("a", "t/a", Branch("t/a", "a.txt", "a\n"));
        var left = new GoalBranch("left", "t/left", Branch("t/left", "shared.txt", "left\n"));
        var right = new GoalBranch("right", "t/right", Branch("t/right", "shared.txt", "right\n"));
        var after = new GoalBranch("after", "t/after", Branch("t/after", "after.txt", "after\n"));

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
}
