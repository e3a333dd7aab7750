using System.Text;
using System.Text.RegularExpressions;

namespace Omk.Teams;

/// <summary>
/// The paths a task may change: repository-relative globs with <c>**</c> (any number of directories), <c>*</c> and
/// <c>?</c> (within one path segment); a pattern without wildcards names a file or a whole directory. An empty write set
/// allows nothing. Two write sets overlap when some path could match both; this is decided conservatively from the
/// literal directory prefix of each pattern, so tasks that might touch the same files never run at once.
/// </summary>
public sealed class WriteSet
{
    private readonly IReadOnlyList<string> _patterns;
    private readonly Regex[] _regexes;

    public WriteSet(IReadOnlyList<string> patterns)
    {
        _patterns = patterns.Select(Normalize).ToList();
        _regexes = _patterns.Select(ToRegex).ToArray();
    }

    public IReadOnlyList<string> Patterns => _patterns;

    public bool Allows(string path)
    {
        var normalized = Normalize(path);
        return _regexes.Any(r => r.IsMatch(normalized));
    }

    /// <summary>True when a path could be in both write sets.</summary>
    public bool Overlaps(WriteSet other) =>
        _patterns.Any(a => other._patterns.Any(b => PatternsOverlap(a, b)));

    private static bool PatternsOverlap(string a, string b)
    {
        var (prefixA, wildA) = LiteralPrefix(a);
        var (prefixB, wildB) = LiteralPrefix(b);
        if (!wildA && !wildB)
        {
            return prefixA == prefixB || IsUnder(prefixA, prefixB) || IsUnder(prefixB, prefixA);
        }

        // With wildcards: overlap unless the literal prefixes diverge.
        return prefixA.StartsWith(prefixB, StringComparison.Ordinal) || prefixB.StartsWith(prefixA, StringComparison.Ordinal);
    }

    private static bool IsUnder(string path, string directory) => path.StartsWith(directory + "/", StringComparison.Ordinal);

    /// <summary>The text before the first wildcard, and whether there is one.</summary>
    private static (string Prefix, bool HasWildcard) LiteralPrefix(string pattern)
    {
        var index = pattern.IndexOfAny(['*', '?', '[']);
        return index < 0 ? (pattern, false) : (pattern[..index], true);
    }

    private static string Normalize(string pattern)
    {
        var p = pattern.Replace('\\', '/').Trim();
        while (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p[2..];
        }

        return p.TrimEnd('/');
    }

    private static Regex ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                {
                    i++;
                    sb.Append("(?:.*/)?");
                }
                else
                {
                    sb.Append(".*");
                }
            }
            else if (c == '*')
            {
                sb.Append("[^/]*");
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }

        // A literal pattern also covers everything below it (a directory).
        sb.Append(pattern.IndexOfAny(['*', '?']) < 0 ? "(?:/.*)?$" : "$");
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
