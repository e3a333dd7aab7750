using System.Text.RegularExpressions;

namespace Omk.Gates;

/// <summary>
/// Finds what the auto-detected gates build: solutions (<c>.sln</c>, <c>.slnx</c>) first, then projects, at the
/// root first and then up to <see cref="MaxDepth"/> folders below it (skipping <c>bin</c>, <c>obj</c>,
/// <c>node_modules</c> and hidden folders). At the root, the one named like the folder wins among several.
/// </summary>
public static partial class DotnetTargetSearch
{
    public const int MaxDepth = 3;

    private static readonly string[] SkippedDirectories = ["bin", "obj", "node_modules", "artifacts", "packages", "TestResults"];
    private static readonly string[] SolutionPatterns = ["*.slnx", "*.sln"];
    private static readonly string[] ProjectPatterns = ["*.csproj", "*.fsproj", "*.vbproj"];

    /// <summary>The candidates, repository-relative with '/': one means found; several mean the user must choose.</summary>
    public sealed record Result(IReadOnlyList<string> Candidates);

    public static Result Find(string root)
    {
        if (!Directory.Exists(root))
        {
            return new Result([]);
        }

        var folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(root));
        foreach (var patterns in new[] { SolutionPatterns, ProjectPatterns })
        {
            var atRoot = patterns.SelectMany(p => Directory.EnumerateFiles(root, p)).Select(Path.GetFileName).OfType<string>()
                .Order(StringComparer.Ordinal).ToList();
            if (atRoot.Count > 0)
            {
                var named = atRoot.FirstOrDefault(c => string.Equals(Path.GetFileNameWithoutExtension(c), folder, StringComparison.OrdinalIgnoreCase));
                return new Result(named is not null ? [named] : atRoot);
            }

            var below = new List<string>();
            Collect(root, root, patterns, 1, below);
            if (below.Count > 0)
            {
                return new Result(below.Order(StringComparer.Ordinal).ToList());
            }
        }

        return new Result([]);
    }

    public static bool IsSolution(string path) =>
        path.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the solution (its listed projects) or the project is a test project.</summary>
    public static bool HasTestProject(string root, string target)
    {
        var full = Path.GetFullPath(Path.Combine(root, target));
        if (!IsSolution(full))
        {
            return IsTestProject(full);
        }

        var projects = SolutionProjects(full);
        return projects.Count == 0
            ? HasTestProjectBelow(Path.GetDirectoryName(full)!, 0) // a solution omk cannot read: any test project below it
            : projects.Any(p => IsTestProject(p) || MarkedByDirectoryBuildFile(Path.GetDirectoryName(p)!, root));
    }

    /// <summary>
    /// The test projects of the solution (those it lists) or the project, repository-relative with '/'; empty when the
    /// solution cannot be read.
    /// </summary>
    public static IReadOnlyList<string> TestProjects(string root, string target)
    {
        var full = Path.GetFullPath(Path.Combine(root, target));
        var projects = IsSolution(full) ? SolutionProjects(full) : [full];
        return projects
            .Where(p => File.Exists(p) && (IsTestProject(p) || MarkedByDirectoryBuildFile(Path.GetDirectoryName(p)!, root)))
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
            .ToList();
    }

    private static List<string> SolutionProjects(string solution)
    {
        var directory = Path.GetDirectoryName(solution)!;
        return (solution.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase) ? SlnxProject() : SlnProject()).Matches(Read(solution))
            .Select(m => Path.GetFullPath(Path.Combine(directory, m.Groups[1].Value.Replace('\\', Path.DirectorySeparatorChar))))
            .ToList();
    }

    private static bool HasTestProjectBelow(string directory, int depth)
    {
        if (depth > 6)
        {
            return false;
        }

        if (Directory.EnumerateFiles(directory).Any(f => (f.EndsWith("proj", StringComparison.OrdinalIgnoreCase) || Path.GetFileName(f).StartsWith("Directory.Build.", StringComparison.OrdinalIgnoreCase)) && IsTestProject(f)))
        {
            return true;
        }

        return Directory.EnumerateDirectories(directory)
            .Where(d => !Path.GetFileName(d).StartsWith('.') && !SkippedDirectories.Contains(Path.GetFileName(d), StringComparer.OrdinalIgnoreCase))
            .Any(d => HasTestProjectBelow(d, depth + 1));
    }

    private static void Collect(string root, string directory, string[] patterns, int depth, List<string> found)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        IEnumerable<string> children;
        try
        {
            children = Directory.EnumerateDirectories(directory).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var child in children.Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(child);
            if (name.StartsWith('.') || SkippedDirectories.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            found.AddRange(patterns.SelectMany(p => Directory.EnumerateFiles(child, p)).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')));
            Collect(root, child, patterns, depth + 1, found);
        }
    }

    // A Directory.Build.props/targets between the project and the root can make every project below it a test project.
    private static bool MarkedByDirectoryBuildFile(string directory, string root)
    {
        var stop = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        for (var current = directory; current is not null && current.Length >= stop.Length; current = Path.GetDirectoryName(current))
        {
            if (Directory.EnumerateFiles(current, "Directory.Build.*").Any(IsTestProject))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTestProject(string path)
    {
        var text = Read(path);
        return text.Contains("Microsoft.NET.Test.Sdk", StringComparison.OrdinalIgnoreCase)
            || text.Contains("<IsTestProject>true", StringComparison.OrdinalIgnoreCase)
            || text.Contains("MSTest.Sdk", StringComparison.OrdinalIgnoreCase);
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    [GeneratedRegex(@"^Project\(""[^""]*""\)\s*=\s*""[^""]*"",\s*""([^""]+\.(?:cs|fs|vb)proj)""", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex SlnProject();

    [GeneratedRegex(@"<Project\s+Path=""([^""]+\.(?:cs|fs|vb)proj)""", RegexOptions.IgnoreCase)]
    private static partial Regex SlnxProject();
}
