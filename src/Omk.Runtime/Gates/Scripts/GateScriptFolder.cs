namespace Omk.Gates.Scripts;

/// <summary>The gate scripts of a repository: every <c>*.fsx</c> directly in the gates folder, by name.</summary>
public sealed record GateScriptFolder(string Directory, IReadOnlyList<string> Scripts)
{
    public const string DefaultDirectory = "gates";

    /// <summary>The scripts in <paramref name="directory"/> (relative to the repository root), or null when there are none.</summary>
    public static GateScriptFolder? Find(string repoRoot, string? directory = null)
    {
        var full = Path.GetFullPath(Path.Combine(repoRoot, directory ?? DefaultDirectory));
        if (!System.IO.Directory.Exists(full))
        {
            return null;
        }

        var scripts = System.IO.Directory.GetFiles(full, "*.fsx");
        Array.Sort(scripts, StringComparer.Ordinal);
        return scripts.Length == 0 ? null : new GateScriptFolder(full, scripts);
    }
}
