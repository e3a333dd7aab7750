using System.Text.RegularExpressions;

namespace Omk.Evidence;

/// <summary>
/// Expands a gate's <c>results "path/*.xml"</c> pattern (relative to the gate's working directory; <c>*</c> and
/// <c>?</c> within a name, <c>**</c> across directories) to the files written since the gate started, so a result
/// file left by an earlier run is never read as this run's evidence.
/// </summary>
public static class ResultFileGlob
{
    private const int MaxFiles = 1000;

    public static IReadOnlyList<string> Expand(string pattern, string baseDirectory, DateTime notBeforeUtc)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var normalized = pattern.Replace('\\', '/');
        var full = Path.IsPathRooted(normalized) ? normalized : Path.Combine(baseDirectory, normalized).Replace('\\', '/');
        var wild = full.IndexOfAny(['*', '?']);
        if (wild < 0)
        {
            return File.Exists(full) && IsFresh(full, notBeforeUtc) ? [Path.GetFullPath(full)] : [];
        }

        var root = full[..(full[..wild].LastIndexOf('/') + 1)];
        if (root.Length == 0 || !Directory.Exists(root))
        {
            return [];
        }

        var regex = new Regex("^" + ToRegex(full[root.Length..]) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var recursive = full[root.Length..].Contains('/', StringComparison.Ordinal);
        return Directory.EnumerateFiles(root, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Where(f => regex.IsMatch(Path.GetRelativePath(root, f).Replace('\\', '/')) && IsFresh(f, notBeforeUtc))
            .Order(StringComparer.Ordinal)
            .Take(MaxFiles)
            .Select(Path.GetFullPath)
            .ToList();
    }

    private static bool IsFresh(string file, DateTime notBeforeUtc) =>
        File.GetLastWriteTimeUtc(file) >= notBeforeUtc.AddSeconds(-2); // file systems with coarse timestamps

    private static string ToRegex(string glob)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var slash = i + 2 < glob.Length && glob[i + 2] == '/';
                builder.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                builder.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return builder.ToString();
    }
}
