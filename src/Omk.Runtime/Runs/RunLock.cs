using System.Globalization;
using System.Text;

namespace Omk.Runs;

/// <summary>
/// <c>run.lock</c> in a run directory, held (an exclusive advisory lock: flock on Unix) by the process that writes the
/// run for as long as it writes it. The OS drops the lock when that process dies, however it dies, so a run without a
/// proof whose lock nobody holds was left by a process that crashed or was killed, and is not running.
/// </summary>
public sealed class RunLock : IDisposable
{
    public const string FileName = "run.lock";

    private FileStream _file;

    private RunLock(FileStream file) => _file = file;

    /// <summary>Takes the lock of <paramref name="runDirectory"/> (waiting briefly for a reader probing it), writing this process's id in it.</summary>
    public static RunLock Acquire(string runDirectory)
    {
        var path = System.IO.Path.Combine(runDirectory, FileName);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
                file.SetLength(0);
                file.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
                return new RunLock(file);
            }
            catch (IOException) when (attempt < 50 && File.Exists(path))
            {
                Thread.Sleep(20); // a probe of 'omk runs list' holds it for an instant
            }
        }
    }

    /// <summary>True when a live process holds the lock of <paramref name="runDirectory"/>.</summary>
    public static bool IsHeld(string runDirectory)
    {
        var path = System.IO.Path.Combine(runDirectory, FileName);
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, bufferSize: 0);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Takes the lock again at its path when the file was deleted under it (the run directory was restored).</summary>
    public void Renew(string runDirectory)
    {
        if (File.Exists(System.IO.Path.Combine(runDirectory, FileName)))
        {
            return;
        }

        _file.Dispose();
        _file = Acquire(runDirectory)._file;
    }

    public void Dispose() => _file.Dispose();
}
