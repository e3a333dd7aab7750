using System.Text;

namespace Omk.Storage;

/// <summary>
/// Writes files atomically: a temp file in the same directory, then renamed over the target, so readers see
/// the old or the new content, never a torn one. State files are also fsynced first (<c>durable</c>); projections
/// that can be regenerated from the event log (proofs) skip the fsync.
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

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
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
