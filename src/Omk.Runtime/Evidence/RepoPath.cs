namespace Omk.Evidence;

/// <summary>Makes paths printed by tools relative to the repository root (with <c>/</c>) when they lie inside it.</summary>
public sealed class RepoPath
{
    private readonly string _root;
    private readonly string _workingDirectory;

    public RepoPath(string repoRoot, string? workingDirectory = null)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repoRoot));
        _workingDirectory = workingDirectory is null ? _root : Path.GetFullPath(workingDirectory);
    }

    public string RepoRoot => _root;

    /// <summary>The path relative to the repository root when inside it; else the path as printed.</summary>
    public string Relative(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length > _root.Length + 1 && path.StartsWith(_root, StringComparison.Ordinal) && path[_root.Length] == '/'
            && !path.Contains("/.", StringComparison.Ordinal) && !path.Contains('\\'))
        {
            return path[(_root.Length + 1)..]; // the usual case, without normalising
        }

        string full;
        try
        {
            full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(_workingDirectory, path));
        }
        catch (ArgumentException)
        {
            return path;
        }
        catch (NotSupportedException)
        {
            return path;
        }

        return IsInside(full) ? Path.GetRelativePath(_root, full).Replace('\\', '/') : path.Replace('\\', '/');
    }

    /// <summary>The path relative to the repository root when it names a file inside it; else null.</summary>
    public string? ExistingInside(string path)
    {
        try
        {
            var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(_workingDirectory, path));
            if (!IsInside(full) || !File.Exists(full))
            {
                full = Path.GetFullPath(Path.Combine(_root, path));
                if (Path.IsPathRooted(path) || !IsInside(full) || !File.Exists(full))
                {
                    return null;
                }
            }

            return Path.GetRelativePath(_root, full).Replace('\\', '/');
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or IOException)
        {
            return null;
        }
    }

    private bool IsInside(string full) =>
        full.Length > _root.Length
        && full.StartsWith(_root, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)
        && (full[_root.Length] == Path.DirectorySeparatorChar || full[_root.Length] == Path.AltDirectorySeparatorChar);
}
