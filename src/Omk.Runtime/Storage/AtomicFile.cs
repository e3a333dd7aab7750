using System.Text;

namespace Omk.Storage;

/// <summary>
/// Writes files atomically: a temp file in the same directory, then renamed over the target, so readers see
/// the old or the new content, never a torn one. State files are also fsynced first (<c>durable</c>); projections
/// that can be regenerated from the event log (proofs), pointers with a fallback and cache entries skip the fsync, and
/// for them the old file is removed just before the rename (<see cref="ReplaceQuickly"/>): a reader may find no file for
/// that moment, still never a torn one.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string contents, bool durable = true) => WriteAllBytes(path, Utf8NoBom.GetBytes(contents), durable);

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents, bool durable = true)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: durable);
            }

            if (!durable)
            {
                ReplaceQuickly(temp, full);
            }
            else
            {
                File.Move(temp, full, overwrite: true);
            }
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Moves <paramref name="source"/> to <paramref name="destination"/>, removing what is there first. Renaming over an existing
    /// file makes ext4 (<c>auto_da_alloc</c>, on by default) write the new file's data to disk before the rename, which cost
    /// about 2 ms per replaced file on this project's machine (against 0.02 ms for a rename to a free name): every run
    /// replaces its <c>latest</c> pointer, and a gate run again replaces its cache entry and log. Only for files that need
    /// not survive a crash: a reader may find no file between the two steps.
    /// </summary>
    public static void ReplaceQuickly(string source, string destination)
    {
        TryDelete(destination);
        File.Move(source, destination, overwrite: true); // overwrite: another writer may have put one there meanwhile
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
