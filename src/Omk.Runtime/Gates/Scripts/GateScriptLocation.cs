namespace Omk.Gates.Scripts;

/// <summary>
/// Whether compiled gate scripts can be shared by every copy of the gates folder (the worktrees of a repository, two
/// clones): they can when the whole <c>#load</c> closure lies inside the folder and no script asks where it is
/// (<c>__SOURCE_DIRECTORY__</c>, <c>__SOURCE_FILE__</c>). Such scripts are compiled with the folder's path mapped to
/// <see cref="MappedFolder"/> (so the assembly holds no path of this copy) and keyed by paths relative to the folder;
/// the paths the assembly reports (gate declarations, stack traces) are mapped back to the folder that loaded it.
/// </summary>
public static class GateScriptLocation
{
    /// <summary>The path the gates folder has inside a shareable compiled assembly.</summary>
    public const string MappedFolder = "/_omk_gates_";

    public static bool IsShareable(string gatesFolder, IEnumerable<string> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(gatesFolder)) + Path.DirectorySeparatorChar;
        foreach (var file in closure)
        {
            if (!file.StartsWith(root, StringComparison.Ordinal) || !File.Exists(file))
            {
                return false;
            }

            var text = File.ReadAllText(file);
            if (text.Contains("__SOURCE_DIRECTORY__", StringComparison.Ordinal) || text.Contains("__SOURCE_FILE__", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The gates folder of a set of root scripts (they all live directly in it).</summary>
    public static string FolderOf(IReadOnlyList<string> scripts) => Path.GetDirectoryName(Path.GetFullPath(scripts[0]))!;

    /// <summary>A path reported by compiled scripts, as a path of <paramref name="gatesFolder"/> when it was mapped.</summary>
    public static string Unmap(string path, string gatesFolder) =>
        path.StartsWith(MappedFolder, StringComparison.Ordinal) && (path.Length == MappedFolder.Length || path[MappedFolder.Length] is '/' or '\\')
            ? Path.GetFullPath(gatesFolder + path[MappedFolder.Length..])
            : path;
}
