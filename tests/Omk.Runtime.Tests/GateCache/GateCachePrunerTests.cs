using Omk.Events.Payloads;
using Omk.GateCache;
using Omk.Gates;
using Omk.Testing;

namespace Omk.Tests.GateCache;

/// <summary>The results cache kept bounded: entries by last use and size, debris, pruning once a day by one process.</summary>
public sealed class GateCachePrunerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Entries_unused_past_the_age_go_then_the_least_recently_used_until_the_folder_fits_and_debris_goes()
    {
        using var directory = new TempDirectory("omk-prune");
        var cache = new GateResultCache(directory.Path);
        var ages = new Dictionary<string, int> { ["a"] = 40, ["b"] = 20, ["c"] = 10, ["d"] = 1 }; // days since last use
        foreach (var (key, days) in ages)
        {
            Store(cache, directory, key, days, logBytes: 1000);
        }

        var orphan = directory.Write("e.log", "a log whose entry is gone\n");
        File.SetLastWriteTimeUtc(orphan, Now.UtcDateTime.AddHours(-2));
        var staged = directory.Write("f.log.0123.tmp", "half a copy\n");
        File.SetLastWriteTimeUtc(staged, Now.UtcDateTime.AddHours(-2));
        var fresh = directory.Write("g.log.4567.tmp", "being copied right now\n");
        File.SetLastWriteTimeUtc(fresh, Now.UtcDateTime);
        var entryBytes = new FileInfo(cache.EntryPath("d")).Length + 1000;
        var policy = new GateCachePolicy { MaxAge = TimeSpan.FromDays(30), MaxBytes = (2 * entryBytes) + 10 };

        var dry = GateCachePruner.Prune(directory.Path, policy, Now, dryRun: true);
        Assert.Equal((2, 2), (dry.Kept, dry.Removed));
        Assert.True(File.Exists(cache.EntryPath("a")));

        var result = GateCachePruner.Prune(directory.Path, policy, Now);

        Assert.Equal((2, 2), (result.Kept, result.Removed));
        Assert.Equal(2 * entryBytes, result.KeptBytes);
        foreach (var gone in new[] { "a", "b" })
        {
            Assert.False(File.Exists(cache.EntryPath(gone)), gone);
            Assert.False(File.Exists(cache.LogPath(gone)), gone);
        }

        Assert.NotNull(cache.TryGet("c"));
        Assert.NotNull(cache.TryGet("d"));
        Assert.False(File.Exists(orphan));
        Assert.False(File.Exists(staged));
        Assert.True(File.Exists(fresh)); // a store under way in another process is left alone
    }

    [Fact]
    public void A_reused_entry_counts_as_used_now_so_it_outlives_an_unused_one_of_the_same_age()
    {
        using var directory = new TempDirectory("omk-prune");
        var cache = new GateResultCache(directory.Path);
        Store(cache, directory, "used", 40, logBytes: 10);
        Store(cache, directory, "unused", 40, logBytes: 10);

        Assert.NotNull(cache.TryGet("used"));
        GateCachePruner.Prune(directory.Path, new GateCachePolicy(), DateTimeOffset.UtcNow.AddDays(1));

        Assert.True(File.Exists(cache.EntryPath("used")));
        Assert.False(File.Exists(cache.EntryPath("unused")));
    }

    [Fact]
    public void Head_trees_remembered_a_day_ago_go_and_younger_ones_stay_out_of_the_entries()
    {
        using var directory = new TempDirectory("omk-prune");
        var cache = new GateResultCache(directory.Path);
        Store(cache, directory, "kept", 1, logBytes: 10);
        var old = directory.Write(new string('1', 40) + HeadTrees.Extension, new string('2', 40) + "\n");
        File.SetLastWriteTimeUtc(old, Now.UtcDateTime.AddHours(-25));
        var young = directory.Write(new string('3', 40) + HeadTrees.Extension, new string('4', 40) + "\n");
        File.SetLastWriteTimeUtc(young, Now.UtcDateTime.AddHours(-23));

        var result = GateCachePruner.Prune(directory.Path, new GateCachePolicy(), Now);

        Assert.Equal((1, 0), (result.Kept, result.Removed));
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(young));
        Assert.NotNull(cache.TryGet("kept"));
    }

    [Fact]
    public void Pruning_on_its_own_happens_once_per_interval_and_never_while_another_process_holds_the_lock()
    {
        using var directory = new TempDirectory("omk-prune");
        var cache = new GateResultCache(directory.Path);
        Store(cache, directory, "old", 40, logBytes: 10);
        var policy = new GateCachePolicy();

        // Another process prunes: its lock is fresh, so this one leaves everything as it is.
        var lockPath = directory.Write(".prune.lock", string.Empty);
        File.SetLastWriteTimeUtc(lockPath, Now.UtcDateTime.AddMinutes(-1));
        Assert.Null(GateCachePruner.PruneIfDue(directory.Path, policy, Now));
        Assert.True(File.Exists(cache.EntryPath("old")));

        // A lock left by a crashed pruner (older than ten minutes) is taken over.
        File.SetLastWriteTimeUtc(lockPath, Now.UtcDateTime.AddHours(-1));
        var first = GateCachePruner.PruneIfDue(directory.Path, policy, Now);
        Assert.Equal(1, first?.Removed);
        Assert.False(File.Exists(lockPath));

        Store(cache, directory, "old-too", 40, logBytes: 10);
        Assert.Null(GateCachePruner.PruneIfDue(directory.Path, policy, Now.AddHours(23)));
        Assert.True(File.Exists(cache.EntryPath("old-too")));
        Assert.Equal(1, GateCachePruner.PruneIfDue(directory.Path, policy, Now.AddHours(25))?.Removed);
    }

    [Fact]
    public void The_limits_come_from_the_environment_and_a_malformed_one_is_named()
    {
        var defaults = GateCachePolicy.FromEnvironment(_ => null);
        Assert.Equal((TimeSpan.FromDays(30), 1024L * 1024 * 1024), (defaults.MaxAge, defaults.MaxBytes));

        var set = GateCachePolicy.FromEnvironment(v => v == GateCachePolicy.MaxAgeVariable ? "7" : "0");
        Assert.Equal((TimeSpan.FromDays(7), (long?)null), (set.MaxAge, set.MaxBytes));

        var ex = Assert.Throws<GateConfigurationException>(() => GateCachePolicy.FromEnvironment(v => v == GateCachePolicy.MaxSizeVariable ? "lots" : null));
        Assert.Equal("$OMK_CACHE_MAX_SIZE_MB must be a number of megabytes, 0 or more (got 'lots').", ex.Message);
    }

    // A stored result with a log of the given size, last used the given number of days before Now.
    private static void Store(GateResultCache cache, TempDirectory directory, string key, int days, int logBytes)
    {
        var log = directory.Write($"source-{key}.txt", new string('x', logBytes));
        Assert.True(cache.Store(key, "run-1", "gate", new GateResultPayload("gate", "gate", true), log, Now));
        File.Delete(log);
        File.SetLastWriteTimeUtc(cache.EntryPath(key), Now.UtcDateTime.AddDays(-days));
        File.SetLastWriteTimeUtc(cache.LogPath(key), Now.UtcDateTime.AddDays(-days));
    }
}
