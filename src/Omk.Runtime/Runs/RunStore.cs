using System.Text.Json;
using Omk.Events;
using Omk.Storage;

namespace Omk.Runs;

/// <summary>
/// Where runs live: <c>&lt;root&gt;/runs/&lt;run-id&gt;/</c>. The root is, in order: an explicit option,
/// <c>$OMK_STATE_DIR</c>, or <c>&lt;repo&gt;/.omk</c>. A <c>.gitignore</c> of <c>*</c> inside <c>runs/</c> (and inside
/// <c>.omk</c>) keeps git from seeing the state, and never hides anything of the user's.
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

    /// <summary>
    /// Creates a new run directory with a fresh id; two runs in the same millisecond get consecutive ids. Each
    /// directory is created by one atomic mkdir that fails when the id is taken (never a rename over an empty one),
    /// so no two processes ever share a run.
    /// </summary>
    public RunDirectory Create(TimeProvider time)
    {
        EnsureUsable();
        EnsureIgnoredByGit();
        var instant = time.GetUtcNow();
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var id = RunId.At(instant.AddMilliseconds(attempt));
            var path = System.IO.Path.Combine(RunsDirectory, id.Value);
            if (ExclusiveDirectory.TryCreate(path))
            {
                return new RunDirectory(id, path);
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

        status ??= RunLock.IsHeld(path) ? "running" : "crashed";
        var started = first?.Ts ?? (Directory.Exists(path) ? new DateTimeOffset(Directory.GetLastWriteTimeUtc(path), TimeSpan.Zero) : null);
        return new RunInfo(id, path, started, status, summary);
    }

    /// <summary>Checks that the state dir can hold runs (creating runs/); a <see cref="StateDirectoryException"/> says what is wrong.</summary>
    public void EnsureUsable()
    {
        var blocker = Root;
        while (!string.IsNullOrEmpty(blocker) && !Directory.Exists(blocker))
        {
            if (File.Exists(blocker))
            {
                throw new StateDirectoryException($"the state directory '{Root}' cannot be created: '{blocker}' is a file; remove it or pass --state-dir DIR.");
            }

            blocker = System.IO.Path.GetDirectoryName(blocker);
        }

        try
        {
            Directory.CreateDirectory(RunsDirectory);
            var probe = System.IO.Path.Combine(RunsDirectory, $".probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StateDirectoryException($"the state directory '{Root}' is not writable ({ex.Message.TrimEnd('.')}); fix its permissions or pass --state-dir DIR.", ex);
        }
    }

    /// <summary>
    /// Writes the ignore rules of the state (again, after a clean removed them). The rule lives inside the state it
    /// covers, never beside the user's files: in runs/ always (so a state dir that is the repository itself hides only
    /// the runs), and in the root when it is Omk's own .omk folder.
    /// </summary>
    public void EnsureIgnoredByGit()
    {
        WriteIgnore(RunsDirectory);
        if (string.Equals(System.IO.Path.GetFileName(Root), ".omk", StringComparison.Ordinal))
        {
            WriteIgnore(Root);
        }
    }

    private static void WriteIgnore(string directory)
    {
        var ignore = System.IO.Path.Combine(directory, ".gitignore");
        if (!File.Exists(ignore))
        {
            File.WriteAllText(ignore, "# Omk run state: never committed.\n*\n");
        }
    }
}
