namespace Omk.Gates.Scripts;

/// <summary>
/// A script and everything it <c>#load</c>s, transitively, found without the compiler (a warm run must not
/// load it): <c>#load "a.fsx" "b.fsx"</c> and verbatim <c>@"…"</c> paths, relative to the loading script.
/// </summary>
public static class ScriptClosure
{
    /// <summary>Every file of the scripts' closures, each once, in a stable order. Missing files are kept (the compiler reports them).</summary>
    public static IReadOnlyList<string> Resolve(IEnumerable<string> scripts)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<string>();
        foreach (var script in scripts)
        {
            Visit(Path.GetFullPath(script), seen, ordered);
        }

        return ordered;
    }

    private static void Visit(string file, HashSet<string> seen, List<string> ordered)
    {
        if (!seen.Add(file))
        {
            return;
        }

        if (File.Exists(file))
        {
            var directory = Path.GetDirectoryName(file)!;
            foreach (var line in File.ReadLines(file))
            {
                foreach (var path in LoadedPaths(line))
                {
                    // A path no file can have (a NUL in it) is left to the compiler, which reports it at its line.
                    if (!path.Contains('\0', StringComparison.Ordinal))
                    {
                        Visit(Path.GetFullPath(Path.Combine(directory, path)), seen, ordered);
                    }
                }
            }
        }

        ordered.Add(file);
    }

    /// <summary>
    /// The paths of a <c>#load</c> line: <c>#load "a.fsx" @"b.fsx"</c> (leading whitespace allowed; anything after
    /// the last well-formed path, such as a comment, is ignored). Empty for any other line. Plain string code
    /// rather than a regular expression: this runs on every warm start, where loading the regex engine shows.
    /// </summary>
    internal static List<string> LoadedPaths(string line)
    {
        var paths = new List<string>();
        var text = line.AsSpan().TrimStart();
        if (!text.StartsWith("#load", StringComparison.Ordinal))
        {
            return paths;
        }

        text = text["#load".Length..];
        while (true)
        {
            var rest = text.TrimStart();
            if (rest.Length == text.Length)
            {
                break; // a path must follow whitespace (also rejects "#loadx")
            }

            if (rest.StartsWith("@", StringComparison.Ordinal))
            {
                rest = rest[1..];
            }

            if (!rest.StartsWith("\"", StringComparison.Ordinal))
            {
                break;
            }

            var end = rest[1..].IndexOf('"');
            if (end <= 0)
            {
                break; // unterminated or empty
            }

            paths.Add(rest.Slice(1, end).ToString());
            text = rest[(end + 2)..];
        }

        return paths;
    }
}
