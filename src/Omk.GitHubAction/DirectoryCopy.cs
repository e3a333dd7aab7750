namespace Omk.GitHubAction;

/// <summary>Copies a folder's files (all levels) to another folder, for what travels as an artifact.</summary>
public static class DirectoryCopy
{
    public static void Copy(string from, string to, string? skip = null)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (skip is not null && Path.GetFileName(file) == skip)
            {
                continue;
            }

            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
