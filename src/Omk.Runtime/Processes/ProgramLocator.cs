namespace Omk.Processes;

/// <summary>
/// Finds the file a <see cref="ProcessCommand.Program"/> names, the way a shell would, before anything is
/// started, so "not found" is a clear message rather than a failure deep in the OS: a rooted path is
/// taken as is, a path with a directory separator is relative to the working directory, and a bare name
/// is looked up in the <c>PATH</c> the child will get (plus <c>PATHEXT</c> extensions on Windows).
/// </summary>
internal static class ProgramLocator
{
    /// <summary>The full path of the program, or null with an explanation in <paramref name="error"/>.</summary>
    public static string? Locate(string program, string workingDirectory, string? path, out string? error)
    {
        error = null;
        if (Path.IsPathRooted(program) || program.Contains('/', StringComparison.Ordinal)
            || (OperatingSystem.IsWindows() && program.Contains('\\', StringComparison.Ordinal)))
        {
            var full = Path.GetFullPath(program, workingDirectory);
            foreach (var candidate in Candidates(full))
            {
                if (IsRunnable(candidate))
                {
                    return candidate;
                }
            }

            error = File.Exists(full)
                ? $"program '{program}' ({full}) is not executable (working directory: {workingDirectory})"
                : $"program '{program}' was not found: {full} does not exist (working directory: {workingDirectory})";
            return null;
        }

        foreach (var directory in (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string baseName;
            try
            {
                baseName = Path.GetFullPath(Path.Combine(directory, program), workingDirectory);
            }
            catch (ArgumentException)
            {
                continue;
            }

            foreach (var candidate in Candidates(baseName))
            {
                if (IsRunnable(candidate))
                {
                    return candidate;
                }
            }
        }

        error = $"program '{program}' was not found on PATH (working directory: {workingDirectory})";
        return null;
    }

    private static IEnumerable<string> Candidates(string file)
    {
        yield return file;
        if (OperatingSystem.IsWindows() && !Path.HasExtension(file))
        {
            var extensions = Environment.GetEnvironmentVariable("PATHEXT") ?? ".COM;.EXE;.BAT;.CMD";
            foreach (var extension in extensions.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return file + extension;
            }
        }
    }

    private static bool IsRunnable(string file)
    {
        if (!File.Exists(file))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        try
        {
            return (File.GetUnixFileMode(file) & anyExecute) != 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
