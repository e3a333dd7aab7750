using Omk.Gates.Scripts;
using Omk.Testing;

namespace Omk.Tests.Gates.Scripts;

/// <summary>The key read back from the remembered inputs is always the key hashed from the current inputs.</summary>
public sealed class GateScriptCacheTests
{
    [Fact]
    public void A_remembered_key_is_read_back_only_while_the_inputs_are_byte_for_byte_the_same()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("gates/main.fsx", "#load \"lib/helper.fsx\"\nopen Omk.Gates\n");
        dir.Write("gates/lib/helper.fsx", "module Helper\nlet x = 1\n");
        var cache = new GateScriptCache(dir.Combine("cache"));
        IReadOnlyList<string> scripts = [main];

        var key = cache.KeyOf(scripts, ScriptClosure.Resolve(scripts), out var inputs, out var remembered);
        Assert.False(remembered);
        Assert.Equal(GateScriptCache.Key(scripts, ScriptClosure.Resolve(scripts)), key);
        Assert.Matches("^[0-9a-f]{32}$", key);

        cache.Remember(scripts, key, inputs);
        Assert.Equal(key, cache.KeyOf(scripts, ScriptClosure.Resolve(scripts), out _, out remembered));
        Assert.True(remembered);

        // An edit in the #load closure: hashed again, a different key.
        dir.Write("gates/lib/helper.fsx", "module Helper\nlet x = 2\n");
        var edited = cache.KeyOf(scripts, ScriptClosure.Resolve(scripts), out _, out remembered);
        Assert.False(remembered);
        Assert.NotEqual(key, edited);
        Assert.Equal(GateScriptCache.Key(scripts, ScriptClosure.Resolve(scripts)), edited);
    }

    [Fact]
    public void A_damaged_inputs_file_falls_back_to_hashing()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("gates/main.fsx", "open Omk.Gates\n");
        var cache = new GateScriptCache(dir.Combine("cache"));
        IReadOnlyList<string> scripts = [main];
        var key = cache.KeyOf(scripts, ScriptClosure.Resolve(scripts), out var inputs, out _);
        cache.Remember(scripts, key, inputs);

        var stamp = Assert.Single(Directory.GetFiles(cache.Directory, "inputs-*.bin"));
        var bytes = File.ReadAllBytes(stamp);
        bytes[0] = (byte)'Z'; // not a key any more
        File.WriteAllBytes(stamp, bytes);
        Assert.Equal(key, cache.KeyOf(scripts, ScriptClosure.Resolve(scripts), out _, out var remembered));
        Assert.False(remembered);

        File.WriteAllBytes(stamp, bytes.AsSpan(0, bytes.Length - 1).ToArray()); // truncated
        Assert.Equal(key, cache.KeyOf(scripts, ScriptClosure.Resolve(scripts), out _, out remembered));
        Assert.False(remembered);
    }

    [Fact]
    public void A_sealed_assembly_is_read_back_and_an_altered_one_is_refused_and_deleted()
    {
        using var dir = new TempDirectory();
        var staged = dir.Write("staging/gates-x.dll", "pretend assembly bytes");
        var cached = dir.Combine("cache/gates-x.dll");
        Directory.CreateDirectory(dir.Combine("cache"));

        GateScriptCache.Seal(staged, cached);
        File.Copy(staged, cached);
        var recorded = File.ReadAllText(cached + ".sha256").Trim();
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(staged))).ToLowerInvariant(), recorded);
        Assert.Equal(File.ReadAllBytes(staged), GateScriptCache.ReadVerified(cached));

        // One byte changed after sealing: never returned (so never loaded), and removed so it is compiled again.
        var altered = File.ReadAllBytes(cached);
        altered[0] ^= 1;
        File.WriteAllBytes(cached, altered);
        Assert.Null(GateScriptCache.ReadVerified(cached));
        Assert.False(File.Exists(cached));
        Assert.False(File.Exists(cached + ".sha256"));

        // No recorded hash: not loaded either.
        File.Copy(staged, cached);
        Assert.Null(GateScriptCache.ReadVerified(cached));
    }
}
