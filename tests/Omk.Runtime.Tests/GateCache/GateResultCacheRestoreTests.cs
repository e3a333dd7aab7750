using Omk.Events.Payloads;
using Omk.GateCache;
using Omk.Testing;

namespace Omk.Tests.GateCache;

/// <summary>A reused result's log is copied into the run only when the copy has the recorded size and SHA-256.</summary>
public sealed class GateResultCacheRestoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(200)] // read once, checked, written
    [InlineData(300 * 1024)] // above the small-log size: copied, then read back
    public void A_stored_log_is_restored_byte_for_byte(int size)
    {
        using var directory = new TempDirectory("omk-restore");
        var (cache, key, original) = Stored(directory, size);
        var destination = Path.Combine(directory.Path, "run", "gates", "01-build.log");

        var entry = cache.TryGet(key);

        Assert.NotNull(entry);
        Assert.True(cache.RestoreLog(entry, destination));
        Assert.Equal(original, File.ReadAllBytes(destination));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(300 * 1024)]
    public void A_changed_cached_log_is_not_restored_and_its_entry_is_forgotten(int size)
    {
        using var directory = new TempDirectory("omk-restore");
        var (cache, key, original) = Stored(directory, size);
        var entry = cache.TryGet(key)!;
        original[size / 2] ^= 0x20; // same size, one byte different
        File.WriteAllBytes(cache.LogPath(key), original);
        var destination = Path.Combine(directory.Path, "run", "gates", "01-build.log");

        Assert.False(cache.RestoreLog(entry, destination));
        Assert.False(File.Exists(destination));
        Assert.Null(cache.TryGet(key));
        Assert.False(File.Exists(cache.LogPath(key)));
    }

    [Fact]
    public void A_cached_log_of_another_size_is_not_restored()
    {
        using var directory = new TempDirectory("omk-restore");
        var (cache, key, original) = Stored(directory, 200);
        var entry = cache.TryGet(key)!;
        File.WriteAllBytes(cache.LogPath(key), [.. original, (byte)'\n']);
        var destination = Path.Combine(directory.Path, "run", "gates", "01-build.log");

        Assert.False(cache.RestoreLog(entry, destination));
        Assert.False(File.Exists(destination));
    }

    private static (GateResultCache Cache, string Key, byte[] Log) Stored(TempDirectory directory, int size)
    {
        var log = new byte[size];
        for (var i = 0; i < log.Length; i++)
        {
            log[i] = (byte)('a' + (i % 26));
        }

        var logPath = Path.Combine(directory.Path, "source.log");
        File.WriteAllBytes(logPath, log);
        var cache = new GateResultCache(Path.Combine(directory.Path, "cache"));
        const string key = "0123456789abcdef";
        var result = new GateResultPayload("build", "build", true, "dotnet build", 0, false, null, null, "gates/01-build.log", 60, 1200);
        Assert.True(cache.Store(key, "run-20261205-120000-000", "build", result, logPath, Now));
        return (cache, key, log);
    }
}
