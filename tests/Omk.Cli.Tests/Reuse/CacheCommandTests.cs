using System.Text.Json;

namespace Omk.Tests.Reuse;

/// <summary><c>omk cache info|prune|clear</c> and the pruning a proof does on its own, with real omk processes and caches.</summary>
public sealed class CacheCommandTests
{
    [Fact]
    public async Task Info_shows_the_stored_results_prune_removes_the_unused_ones_and_clear_empties_the_cache()
    {
        using var repo = new ReuseRepo();
        string[] gates = ["--gate", repo.Counting("a"), "--gate", repo.Counting("b")];
        var first = await repo.ProofAsync(gates);

        var info = await repo.OmkAsync("cache", "info", "--json");
        Assert.True(info.ExitCode == 0, info.ToString());
        var json = JsonDocument.Parse(info.Stdout).RootElement;
        var folder = Assert.Single(json.GetProperty("repositories").EnumerateArray());
        Assert.Equal(2, folder.GetProperty("results").GetInt32());
        Assert.Equal(30, json.GetProperty("max_age_days").GetDouble());
        var directory = folder.GetProperty("directory").GetString()!;
        Assert.StartsWith(repo.CacheDirectory, directory, StringComparison.Ordinal);

        // Gate a's result was last used 40 days ago: prune removes it (a dry run first says so and removes nothing).
        var key = ReuseRepo.InputKey(first, "a");
        File.SetLastWriteTimeUtc(Path.Combine(directory, key + ".json"), DateTime.UtcNow.AddDays(-40));
        var dry = await repo.OmkAsync("cache", "prune", "--dry-run");
        Assert.Contains("1 result(s) would be removed", dry.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(directory, key + ".json")));
        var prune = await repo.OmkAsync("cache", "prune");
        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Contains("1 result(s) removed", prune.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, key + ".json")));
        Assert.False(File.Exists(Path.Combine(directory, key + ".log")));

        var second = await repo.ProofAsync(gates);
        Assert.Null(ReuseRepo.ReusedFrom(second, "a")); // pruned: it ran again
        Assert.NotNull(ReuseRepo.ReusedFrom(second, "b"));

        var clear = await repo.OmkAsync("cache", "clear", "--results");
        Assert.True(clear.ExitCode == 0, clear.ToString());
        Assert.StartsWith("cleared gate results: ", clear.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory));
        var third = await repo.ProofAsync(gates);
        Assert.Null(ReuseRepo.ReusedFrom(third, "a"));
        Assert.Null(ReuseRepo.ReusedFrom(third, "b"));
        Assert.Equal(["a", "b", "a", "a", "b"], repo.Ran());
    }

    [Fact]
    public async Task A_proof_prunes_results_unused_past_the_limit_once_a_day_on_its_own()
    {
        using var repo = new ReuseRepo();
        var first = await repo.ProofAsync("--gate", repo.Counting("old"));
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(repo.CacheDirectory, "results")));
        var entry = Path.Combine(folder, ReuseRepo.InputKey(first, "old") + ".json");
        Assert.True(File.Exists(Path.Combine(folder, ".pruned"))); // the first run pruned (nothing to remove)
        File.SetLastWriteTimeUtc(entry, DateTime.UtcNow.AddDays(-10));

        // Within the day, and within the limit, nothing goes; a day later, with a 7-day limit, the entry goes.
        var limit = new Dictionary<string, string?> { ["OMK_CACHE_MAX_AGE_DAYS"] = "7" };
        await repo.ProofAsync(0, limit, "--gate", repo.Counting("other"));
        Assert.True(File.Exists(entry));
        File.SetLastWriteTimeUtc(Path.Combine(folder, ".pruned"), DateTime.UtcNow.AddDays(-2));
        await repo.ProofAsync(0, limit, "--gate", repo.Counting("other"));
        Assert.False(File.Exists(entry));
    }

    [Fact]
    public async Task A_malformed_limit_is_a_usage_error_naming_it()
    {
        using var repo = new ReuseRepo();

        var bad = await repo.OmkAsync(new Dictionary<string, string?> { ["OMK_CACHE_MAX_AGE_DAYS"] = "soon" }, "cache", "prune");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("$OMK_CACHE_MAX_AGE_DAYS must be a number of days, 0 or more (got 'soon').", bad.Stderr, StringComparison.Ordinal);

        var negative = await repo.OmkAsync("cache", "prune", "--max-size", "-1");
        Assert.Equal(2, negative.ExitCode);
        Assert.Contains("--max-size must be 0 or more MB (got -1).", negative.Stderr, StringComparison.Ordinal);
    }
}
