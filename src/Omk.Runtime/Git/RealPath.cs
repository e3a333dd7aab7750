namespace Omk.Git;

/// <summary>
/// An absolute path with every symbolic link in it resolved, as <c>realpath(3)</c> (and so git, for the paths it
/// prints) gives it. A component that does not exist is kept as it is.
/// </summary>
public static class RealPath
{
    private const int MaxLinks = 40; // as the kernel's own limit on links followed (ELOOP)

    public static string Of(string path)
    {
        var links = 0;
        return Resolve(Path.GetFullPath(path), ref links);
    }

    private static string Resolve(string full, ref int links)
    {
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    throw new IOException($"Too many levels of symbolic links resolving '{full}'.");
                }

                next = Resolve(Path.GetFullPath(target, current), ref links);
            }

            current = next;
        }

        return current;
    }
}
