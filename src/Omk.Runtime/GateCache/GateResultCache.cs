using System.Security.Cryptography;
using System.Text.Json;
using Omk.Events.Payloads;
using Omk.Gates.Scripts;

namespace Omk.GateCache;

/// <summary>
/// Passed gate results by input key, in the user's cache directory (never in the repository), one folder per repository
/// shared by all its worktrees: <c>$OMK_CACHE_DIR/results/&lt;repo key&gt;/</c> (else under <c>$XDG_CACHE_HOME/omk</c> or
/// <c>~/.cache/omk</c>, beside the compiled gate scripts). Each result is <c>&lt;key&gt;.json</c> with its log in
/// <c>&lt;key&gt;.log</c>; a result is used only when its recorded key matches and its log, once copied into the run
/// that reuses it, has the recorded size and SHA-256; otherwise it is deleted. Failures are never stored.
/// </summary>
public sealed class GateResultCache(string directory)
{
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>The cache of the repository whose common git directory is <paramref name="commonDirectory"/>.</summary>
    public static GateResultCache ForRepository(string commonDirectory, Func<string, string?>? environment = null)
    {
        var root = RootDirectory(environment);
        var common = Path.TrimEndingDirectorySeparator(Path.GetFullPath(commonDirectory));
        // A repository's own .git folder names it by its work tree (repo-1a2b3c4d5e6f); a bare one by itself.
        var named = string.Equals(Path.GetFileName(common), ".git", StringComparison.Ordinal) ? Path.GetDirectoryName(common)! : common;
        return new GateResultCache(Path.Combine(root, Workspaces.WorktreeLocation.RepoKey(named)));
    }

    public string EntryPath(string key) => Path.Combine(Directory, key + ".json");

    public string LogPath(string key) => Path.Combine(Directory, key + ".log");

    /// <summary>The passed result recorded for <paramref name="key"/>; null when there is none (or it is not one).</summary>
    public CachedGateResult? TryGet(string key)
    {
        CachedGateResult? entry;
        try
        {
            var utf8 = File.ReadAllBytes(EntryPath(key));
            entry = CachedGateResultJson.TryRead(utf8) ?? JsonSerializer.Deserialize(utf8, GateCacheJsonContext.Default.CachedGateResult);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // not recorded
        }
        catch (JsonException)
        {
            entry = null;
        }

        if (entry is not null && entry.InputKey == key && entry.Result.Skipped != true && entry.Result.Flaky != true)
        {
            Touch(EntryPath(key)); // its last use, which pruning goes by
            return entry;
        }

        Forget(key);
        return null;
    }

    /// <summary>Records a passed result and a copy of its log (best effort: a cache that cannot be written only means no reuse).</summary>
    public bool Store(string key, string run, string gate, GateResultPayload result, string? logPath, DateTimeOffset recordedAt)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            string? sha = null;
            long? bytes = null;
            if (logPath is not null && File.Exists(logPath))
            {
                var staged = LogPath(key) + "." + Guid.NewGuid().ToString("N") + ".tmp";
                File.Copy(logPath, staged, overwrite: true);
                (sha, bytes) = Proofs.ProofDigests.Hash(staged);
                Storage.AtomicFile.ReplaceQuickly(staged, LogPath(key));
            }

            var entry = new CachedGateResult(key, run, gate, recordedAt, result with { InputKey = key, ReusedFrom = null }, sha, bytes);
            Storage.AtomicFile.WriteAllBytes(EntryPath(key), CachedGateResultJson.Write(entry), durable: false);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Copies the log of <paramref name="entry"/> to <paramref name="destination"/> and checks the copy against the recorded
    /// size and SHA-256; false (nothing left at the destination, the entry deleted) when it does not match.
    /// </summary>
    public bool RestoreLog(CachedGateResult entry, string destination)
    {
        if (entry.LogSha256 is null)
        {
            return true;
        }

        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(LogPath(entry.InputKey), destination, overwrite: true);
            var (sha, bytes) = Proofs.ProofDigests.Hash(destination);
            if (bytes == entry.LogBytes && string.Equals(sha, entry.LogSha256, StringComparison.Ordinal))
            {
                return true;
            }

            File.Delete(destination);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        Forget(entry.InputKey);
        return false;
    }

    /// <summary>Where every repository's results folder lives: <c>$OMK_CACHE_DIR/results</c> (or the XDG/home equivalent).</summary>
    public static string RootDirectory(Func<string, string?>? environment = null) =>
        Path.Combine(Path.GetDirectoryName(GateScriptCache.UserDirectory(environment))!, "results");

    private static void Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private void Forget(string key)
    {
        foreach (var file in new[] { EntryPath(key), LogPath(key) })
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
