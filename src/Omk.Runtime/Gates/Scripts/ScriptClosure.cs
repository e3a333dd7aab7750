using System.Text.RegularExpressions;

namespace Omk.Gates.Scripts;

/// <summary>
/// A script and everything it <c>#load</c>s, transitively, found without the compiler (a warm run must not
/// load it): <c>#load "a.fsx" "b.fsx"</c> and verbatim <c>@"…"</c> paths, relative to the loading script.
/// </summary>
public static partial class ScriptClosure
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
                var match = LoadDirective().Match(line);
                if (!match.Success)
                {
                    continue;
                }

                foreach (Capture path in match.Groups["path"].Captures)
                {
                    Visit(Path.GetFullPath(Path.Combine(directory, path.Value)), seen, ordered);
                }
            }
        }

        ordered.Add(file);
    }

    [GeneratedRegex(@"^\s*#load(?:\s+@?""(?<path>[^""]+)"")+", RegexOptions.CultureInvariant)]
    private static partial Regex LoadDirective();
}
