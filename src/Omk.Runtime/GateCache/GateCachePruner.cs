namespace Omk.GateCache;

/// <summary>
/// Applies a <see cref="GateCachePolicy"/> to a results folder (<see cref="GateResultCache"/>). An entry's last use is
/// its <c>&lt;key&gt;.json</c>'s modification time (set when it is stored, touched when it is reused). Safe beside
/// running proofs: an entry is removed <c>.json</c> first, so a reader finds it whole or not at all, and a reader that
/// loses the race only misses (the gate runs; a log that no longer matches its recorded SHA-256 is never used).
/// Debris (a log without its entry, a staged <c>.tmp</c> file) older than an hour is removed too, and HEAD's trees
/// remembered a day ago (<see cref="HeadTrees"/>: the next run asks git again).
/// </summary>
public static class GateCachePruner
{
    private const string Marker = ".pruned";
    private const string LockFile = ".prune.lock";

    public static GateCachePruneResult Prune(string directory, GateCachePolicy policy, DateTimeOffset now, bool dryRun = false)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!Directory.Exists(directory))
        {
            return GateCachePruneResult.None(directory);
        }

        // One listing, one stat per file.
        var files = SafeFiles(directory).ToDictionary(f => f.Name, f => (Used: f.LastWriteTimeUtc, f.Length), StringComparer.Ordinal);
        var entries = new List<(string Key, DateTime Used, long Bytes)>();
        var debris = new List<string>();
        foreach (var (name, file) in files)
        {
            if (name.StartsWith('.'))
            {
                continue;
            }

            if (name.EndsWith(".json", StringComparison.Ordinal))
            {
                var key = name[..^5];
                entries.Add((key, file.Used, file.Length + (files.TryGetValue(key + ".log", out var log) ? log.Length : 0)));
            }
            else if (((name.EndsWith(".tmp", StringComparison.Ordinal) || (name.EndsWith(".log", StringComparison.Ordinal) && !files.ContainsKey(name[..^4] + ".json")))
                    && now.UtcDateTime - file.Used > TimeSpan.FromHours(1))
                || (name.EndsWith(HeadTrees.Extension, StringComparison.Ordinal) && now.UtcDateTime - file.Used > TimeSpan.FromDays(1)))
            {
                debris.Add(Path.Combine(directory, name));
            }
        }

        var removed = new List<(string Key, long Bytes)>();
        var kept = entries.OrderByDescending(e => e.Used).ToList();
        if (policy.MaxAge is { } age)
        {
            removed.AddRange(kept.Where(e => now.UtcDateTime - e.Used > age).Select(e => (e.Key, e.Bytes)));
            kept.RemoveAll(e => now.UtcDateTime - e.Used > age);
        }

        if (policy.MaxBytes is { } max)
        {
            var total = kept.Sum(e => e.Bytes);
            while (total > max && kept.Count > 0)
            {
                var oldest = kept[^1];
                kept.RemoveAt(kept.Count - 1);
                removed.Add((oldest.Key, oldest.Bytes));
                total -= oldest.Bytes;
            }
        }

        if (!dryRun)
        {
            foreach (var (key, _) in removed)
            {
                Delete(Path.Combine(directory, key + ".json"));
                Delete(Path.Combine(directory, key + ".log"));
            }

            debris.ForEach(Delete);
        }

        return new GateCachePruneResult(directory, kept.Count, kept.Sum(e => e.Bytes), removed.Count, removed.Sum(e => e.Bytes));
    }

    /// <summary>
    /// Prunes <paramref name="directory"/> when its last pruning is older than the policy's interval, by one process at a
    /// time (a lock file taken with create-new; a lock older than ten minutes is a crashed pruner's and is taken over).
    /// Best effort: any failure leaves the cache as it was. Returns null when it was not due or another process prunes.
    /// </summary>
    public static GateCachePruneResult? PruneIfDue(string directory, GateCachePolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var marker = Path.Combine(directory, Marker);
        try
        {
            if (!Directory.Exists(directory) || (File.Exists(marker) && now.UtcDateTime - File.GetLastWriteTimeUtc(marker) < policy.Interval))
            {
                return null;
            }

            var lockPath = Path.Combine(directory, LockFile);
            if (File.Exists(lockPath) && now.UtcDateTime - File.GetLastWriteTimeUtc(lockPath) > TimeSpan.FromMinutes(10))
            {
                Delete(lockPath);
            }

            using (new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
                var result = Prune(directory, policy, now);
                File.WriteAllText(marker, now.ToString("O", System.Globalization.CultureInfo.InvariantCulture) + "\n");
                File.SetLastWriteTimeUtc(marker, now.UtcDateTime);
                return result;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // another process prunes (the lock exists), or the folder cannot be written: nothing changes
        }
    }

    // Each file with its time and size read once; one removed meanwhile by another process is left out.
    private static List<FileInfo> SafeFiles(string directory)
    {
        var files = new List<FileInfo>();
        try
        {
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
            {
                try
                {
                    _ = file.Length;
                    files.Add(file);
                }
                catch (IOException)
                {
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return files;
    }

    private static void Delete(string file)
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
