using Omk.Events;
using Omk.Storage;

namespace Omk.Runs;

/// <summary>
/// <c>&lt;state&gt;/runs/latest</c>: a one-line file holding the id of the run started last, replaced atomically
/// (temp + rename) when a run starts, so <c>latest</c> names that run even while it is going on.
/// </summary>
public static class LatestRun
{
    public const string FileName = "latest";

    public static void Point(RunStore store, RunDirectory run)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(run);
        AtomicFile.WriteAllText(Path.Combine(store.RunsDirectory, FileName), run.RunId.Value + "\n", durable: false);
    }

    /// <summary>The run the pointer names, when it names one that exists; otherwise null.</summary>
    public static RunDirectory? Read(RunStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        string id;
        try
        {
            id = File.ReadAllText(Path.Combine(store.RunsDirectory, FileName)).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var path = Path.Combine(store.RunsDirectory, id);
        return id.Length > 0 && id.AsSpan().IndexOfAny('/', '\\') < 0 && !id.StartsWith('.') && Directory.Exists(path)
            ? new RunDirectory(new RunId(id), path)
            : null;
    }
}
