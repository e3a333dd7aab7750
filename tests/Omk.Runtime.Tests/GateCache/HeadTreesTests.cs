using Omk.GateCache;
using Omk.Git;
using Omk.Testing;

namespace Omk.Tests.GateCache;

/// <summary>HEAD's tree remembered per commit in the results cache: used for a HEAD seen before, never where replace refs could change it.</summary>
public sealed class HeadTreesTests
{
    [Fact]
    public async Task A_head_seen_before_is_read_from_the_cache_with_the_paths_from_the_disk()
    {
        using var repo = new TempGitRepo();
        using var cache = new TempDirectory("omk-heads");
        Func<string, string?> environment = name => name == "OMK_CACHE_DIR" ? cache.Path : null;
        var head = repo.Git("rev-parse", "HEAD");

        var first = await HeadTrees.ReadFactsAsync(repo.Path, head, environment);

        Assert.Equal(await WorkTreeFacts.ReadAsync(repo.Path), first);
        var memo = Path.Combine(GateResultCache.ForRepository(first!.CommonDirectory, environment).Directory, head + HeadTrees.Extension);
        Assert.Equal(repo.Git("rev-parse", "HEAD^{tree}") + "\n", File.ReadAllText(memo));

        // What the memo says is what a run on that HEAD uses from now on: no git process asked.
        var marker = new string('a', 40);
        File.WriteAllText(memo, marker + "\n");
        var second = await HeadTrees.ReadFactsAsync(Path.Combine(repo.Path), head, environment);
        Assert.Equal(first with { HeadTree = marker }, second);

        // An unknown HEAD, or a memo that is not a tree, is asked of git again.
        File.WriteAllText(memo, "not a tree\n");
        Assert.Equal(first, await HeadTrees.ReadFactsAsync(repo.Path, head, environment));
        Assert.Equal(first, await HeadTrees.ReadFactsAsync(repo.Path, null, environment));
    }

    [Fact]
    public async Task With_a_replace_ref_loose_or_packed_git_answers_and_nothing_is_remembered()
    {
        using var repo = new TempGitRepo();
        using var cache = new TempDirectory("omk-heads");
        Func<string, string?> environment = name => name == "OMK_CACHE_DIR" ? cache.Path : null;
        var head = repo.Git("rev-parse", "HEAD");
        var remembered = await HeadTrees.ReadFactsAsync(repo.Path, head, environment);
        repo.Git("checkout", "-q", "-b", "other");
        repo.Write("other.txt", "another tree\n");
        repo.Commit("other");
        var other = repo.Git("rev-parse", "HEAD");
        var otherTree = repo.Git("rev-parse", "HEAD^{tree}");
        repo.Git("checkout", "-q", "-");
        repo.Git("replace", head, other);
        var memo = Path.Combine(GateResultCache.ForRepository(remembered!.CommonDirectory, environment).Directory, head + HeadTrees.Extension);
        Assert.True(File.Exists(memo));

        var loose = await HeadTrees.ReadFactsAsync(repo.Path, head, environment);
        Assert.Equal(otherTree, loose!.HeadTree);

        repo.Git("pack-refs", "--all");
        var replaceRefs = Path.Combine(repo.Path, ".git", "refs", "replace");
        if (Directory.Exists(replaceRefs) && !Directory.EnumerateFileSystemEntries(replaceRefs).Any())
        {
            Directory.Delete(replaceRefs);
        }

        Assert.False(Directory.Exists(replaceRefs));
        File.Delete(memo);
        var packed = await HeadTrees.ReadFactsAsync(repo.Path, head, environment);
        Assert.Equal(otherTree, packed!.HeadTree);
        Assert.False(File.Exists(memo));
    }

    [Fact]
    public async Task With_the_index_moved_by_a_variable_git_answers_and_nothing_is_remembered()
    {
        using var repo = new TempGitRepo();
        using var cache = new TempDirectory("omk-heads");
        Func<string, string?> environment = name => name switch
        {
            "OMK_CACHE_DIR" => cache.Path,
            "GIT_INDEX_FILE" => Path.Combine(repo.Path, ".git", "index"),
            _ => null,
        };

        var facts = await HeadTrees.ReadFactsAsync(repo.Path, repo.Git("rev-parse", "HEAD"), environment);

        Assert.Equal(repo.Git("rev-parse", "HEAD^{tree}"), facts!.HeadTree);
        Assert.Empty(Directory.EnumerateFiles(cache.Path, "*" + HeadTrees.Extension, SearchOption.AllDirectories));
    }
}
