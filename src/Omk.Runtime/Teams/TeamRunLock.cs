namespace Omk.Teams;

/// <summary>
/// The lock one process holds on a team run while it drives it (<c>state/lock</c>, an exclusive OS file lock that a
/// crash or <c>kill -9</c> releases), so a run is never driven twice at once.
/// </summary>
public sealed class TeamRunLock : IDisposable
{
    private readonly FileStream _file;

    private TeamRunLock(FileStream file) => _file = file;

    public static string PathIn(string runDirectory) => Path.Combine(runDirectory, "state", "lock");

    /// <summary>Takes the lock, or returns null when another process holds it.</summary>
    public static TeamRunLock? TryAcquire(string runDirectory)
    {
        var path = PathIn(runDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            file.Write(System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n"));
            file.Flush();
            return new TeamRunLock(file);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>True when a live process holds the run's lock.</summary>
    public static bool IsHeld(string runDirectory)
    {
        using var probe = TryAcquire(runDirectory);
        return probe is null;
    }

    public void Dispose() => _file.Dispose();
}
