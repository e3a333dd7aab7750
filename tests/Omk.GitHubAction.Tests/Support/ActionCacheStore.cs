namespace Omk.GitHubAction.Tests.Support;

/// <summary>
/// The GitHub cache service as <c>actions/cache/restore</c> and <c>actions/cache/save</c> see it, on disk: one folder
/// per saved key holding a copy of the saved path. Restore: an exact key is a hit; otherwise the newest entry whose key
/// starts with a restore key is restored without a hit. Save: a key is written once (later saves of it are skipped, as
/// the service refuses them); a missing path saves nothing.
/// </summary>
public sealed class ActionCacheStore : IDisposable
{
    private readonly Omk.Testing.TempDirectory _root = new("omk-actions-cache");
    private readonly List<string> _saved = [];

    /// <summary>Every key saved, in order.</summary>
    public IReadOnlyList<string> SavedKeys => _saved;

    /// <summary>Every key asked for by a restore, in order.</summary>
    public List<string> RestoredKeys { get; } = [];

    public IReadOnlyDictionary<string, string> Restore(string key, IReadOnlyList<string> restoreKeys, string path)
    {
        RestoredKeys.Add(key);
        var match = _saved.Contains(key) ? key : _saved.LastOrDefault(k => restoreKeys.Any(p => p.Length > 0 && k.StartsWith(p, StringComparison.Ordinal)));
        if (match is not null)
        {
            Copy(Entry(match), path);
        }

        return new Dictionary<string, string>
        {
            ["cache-hit"] = match == key ? "true" : "false",
            ["cache-primary-key"] = key,
            ["cache-matched-key"] = match ?? string.Empty,
        };
    }

    /// <summary>Saves <paramref name="path"/> under <paramref name="key"/>; false when nothing was saved.</summary>
    public bool Save(string key, string path)
    {
        if (key.Length == 0 || _saved.Contains(key) || !Directory.Exists(path))
        {
            return false;
        }

        Copy(path, Entry(key));
        _saved.Add(key);
        return true;
    }

    public void Dispose() => _root.Dispose();

    private string Entry(string key) => _root.Combine(Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(key)));

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
