namespace Omk.Runs;

/// <summary>
/// Keeps a run's files recoverable while the run goes on: a gate may delete the state dir (<c>git clean -xfd</c>
/// removes the ignored <c>.omk</c>, logs and all). The guard holds an open handle on each finished file, and
/// <see cref="RestoreDeleted"/> writes back at its path every file that is gone, with its ignore rules, before the run
/// ends. (The event log restores itself: <see cref="Events.EventWriter"/> relinks at a checkpoint.)
/// </summary>
public sealed class RunDirectoryGuard(RunStore store, RunDirectory run) : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, FileStream> _held = new(StringComparer.Ordinal);

    /// <summary>Holds <paramref name="path"/> (a file of the run that is complete) so it can be written back if deleted.</summary>
    public void Hold(string path)
    {
        lock (_gate)
        {
            if (_held.ContainsKey(path))
            {
                return;
            }

            try
            {
                _held[path] = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone before it could be held: nothing to keep.
            }
        }
    }

    /// <summary>Writes back every held file that was deleted (and the run directory, when it went); returns how many.</summary>
    public int RestoreDeleted()
    {
        lock (_gate)
        {
            var restored = 0;
            Directory.CreateDirectory(run.Path);
            store.EnsureIgnoredByGit();
            foreach (var (path, handle) in _held)
            {
                if (File.Exists(path))
                {
                    continue;
                }

                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
                using var copy = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
                handle.Seek(0, SeekOrigin.Begin);
                handle.CopyTo(copy);
                restored++;
            }

            return restored;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var handle in _held.Values)
            {
                handle.Dispose();
            }

            _held.Clear();
        }
    }
}
