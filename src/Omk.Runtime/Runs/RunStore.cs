using System.Text.Json;
using Omk.Events;

namespace Omk.Runs;

/// <summary>
/// Where runs live: <c>&lt;root&gt;/runs/&lt;run-id&gt;/</c>. The root is, in order: an explicit option,
/// <c>$OMK_STATE_DIR</c>, or <c>&lt;repo&gt;/.omk</c> (which gets a <c>.gitignore</c> of <c>*</c> so git never sees it).
/// </summary>
public sealed class RunStore
{
    public const string StateDirVariable = "OMK_STATE_DIR";

    public RunStore(string root) => Root = System.IO.Path.GetFullPath(root);

    public string Root { get; }

    public string RunsDirectory => System.IO.Path.Combine(Root, "runs");

    /// <summary>The store for a repository, honouring the option and the environment variable.</summary>
    public static RunStore For(string repoRoot, string? explicitRoot = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!string.IsNullOrWhiteSpace(explicitRoot))
        {
            return new RunStore(explicitRoot);
        }

        var fromEnvironment = environment(StateDirVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return new RunStore(fromEnvironment);
        }

        return new RunStore(System.IO.Path.Combine(repoRoot, ".omk"));
    }

    /// <summary>Creates a new run directory with a fresh id; two runs in the same millisecond get consecutive ids.</summary>
    public RunDirectory Create(TimeProvider time)
    {
        Directory.CreateDirectory(RunsDirectory);
        EnsureIgnoredByGit();
        var instant = time.GetUtcNow();
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var id = RunId.At(instant.AddMilliseconds(attempt));
            var path = System.IO.Path.Combine(RunsDirectory, id.Value);
            var staging = System.IO.Path.Combine(RunsDirectory, $".new-{Guid.NewGuid():N}");
            Directory.CreateDirectory(staging);
            try
            {
                Directory.Move(staging, path); // fails if another process took this id
                return new RunDirectory(id, path);
            }
            catch (IOException) when (Directory.Exists(path))
            {
                Directory.Delete(staging);
            }
        }

        throw new IOException($"Could not allocate a run directory under '{RunsDirectory}'.");
    }

    /// <summary>Every run, oldest first.</summary>
    public IReadOnlyList<RunInfo> List()
    {
        if (!Directory.Exists(RunsDirectory))
        {
            return [];
        }

        return Directory.EnumerateDirectories(RunsDirectory)
            .Where(d => !System.IO.Path.GetFileName(d).StartsWith('.'))
            .Select(Describe)
            .OrderBy(r => r.StartedAt ?? DateTimeOffset.MaxValue)
            .ThenBy(r => r.RunId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Finds a run by id, or for <c>latest</c> the one <see cref="LatestRun"/> names (else the newest). Null when there is none.</summary>
    public RunDirectory? Find(string idOrLatest)
    {
        if (string.Equals(idOrLatest, "latest", StringComparison.OrdinalIgnoreCase))
        {
            if (LatestRun.Read(this) is { } pointed)
            {
                return pointed;
            }

            var latest = List().LastOrDefault();
            return latest is null ? null : new RunDirectory(new RunId(latest.RunId), latest.Path);
        }

        if (idOrLatest.AsSpan().IndexOfAny('/', '\\') >= 0 || idOrLatest is "" or "." or "..")
        {
            return null;
        }

        var path = System.IO.Path.Combine(RunsDirectory, idOrLatest);
        return Directory.Exists(path) ? new RunDirectory(new RunId(idOrLatest), path) : null;
    }

    private static RunInfo Describe(string path)
    {
        var id = System.IO.Path.GetFileName(path);
        var first = EventReader.Read(EventReader.LogPathIn(path)).FirstOrDefault();
        string? status = null, summary = null;
        var proof = System.IO.Path.Combine(path, "proof.json");
        if (File.Exists(proof))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(proof));
                status = doc.RootElement.TryGetProperty("status", out var s) ? s.GetString() : null;
                summary = doc.RootElement.TryGetProperty("summary", out var m) ? m.GetString() : null;
            }
            catch (JsonException)
            {
                status = "unreadable";
            }
        }

        var started = first?.Ts ?? (Directory.Exists(path) ? new DateTimeOffset(Directory.GetLastWriteTimeUtc(path), TimeSpan.Zero) : null);
        return new RunInfo(id, path, started, status, summary);
    }

    private void EnsureIgnoredByGit()
    {
        var ignore = System.IO.Path.Combine(Root, ".gitignore");
        if (!File.Exists(ignore))
        {
            File.WriteAllText(ignore, "# Omk run state: never committed.\n*\n");
        }
    }
}
