namespace Omk.GateCache;

/// <summary>
/// The user's omk cache as a whole (<c>$OMK_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/omk</c>, else <c>~/.cache/omk</c>):
/// the compiled gate scripts (<c>gates/</c>) and the reusable gate results of every repository (<c>results/&lt;repo&gt;/</c>).
/// What <c>omk cache info|prune|clear</c> shows and changes; every operation is safe beside running omk processes
/// (a process that loses a file to it only recompiles or re-runs a gate).
/// </summary>
public sealed class CacheCatalog(Func<string, string?>? environment = null)
{
    public string ScriptsDirectory { get; } = Gates.Scripts.GateScriptCache.UserDirectory(environment);

    public string ResultsDirectory { get; } = GateResultCache.RootDirectory(environment);

    /// <summary>The results folder of each repository that has one, by name.</summary>
    public IReadOnlyList<string> RepositoryFolders() =>
        Directory.Exists(ResultsDirectory) ? Directory.GetDirectories(ResultsDirectory).Order(StringComparer.Ordinal).ToList() : [];

    /// <summary>The files of a folder (not below it, nor dot files) and their bytes.</summary>
    public static (int Files, long Bytes) Measure(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return (0, 0);
        }

        var files = new DirectoryInfo(directory).GetFiles().Where(f => !f.Name.StartsWith('.')).ToList();
        return (files.Count, files.Sum(f => f.Length));
    }

    /// <summary>How many results a repository's folder holds (one <c>.json</c> per result, its log beside it).</summary>
    public static int Results(string directory) => Directory.Exists(directory) ? Directory.GetFiles(directory, "*.json").Length : 0;

    /// <summary>Applies <paramref name="policy"/> to every repository's results folder.</summary>
    public IReadOnlyList<GateCachePruneResult> Prune(GateCachePolicy policy, DateTimeOffset now, bool dryRun) =>
        RepositoryFolders().Select(folder => GateCachePruner.Prune(folder, policy, now, dryRun)).ToList();

    /// <summary>Deletes the chosen parts file by file; answers the files and bytes removed (files in use elsewhere may stay).</summary>
    public (int Files, long Bytes) Clear(bool results, bool scripts)
    {
        var (files, bytes) = (0, 0L);
        var directories = new List<string>();
        if (results)
        {
            directories.AddRange(RepositoryFolders());
        }

        if (scripts && Directory.Exists(ScriptsDirectory))
        {
            directories.Add(ScriptsDirectory);
        }

        foreach (var file in directories.SelectMany(d => new DirectoryInfo(d).GetFiles()))
        {
            try
            {
                var length = file.Length;
                file.Delete();
                (files, bytes) = (files + 1, bytes + length);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }

        foreach (var directory in directories)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }

        return (files, bytes);
    }
}
