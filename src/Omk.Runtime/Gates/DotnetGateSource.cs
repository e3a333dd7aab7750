using Omk.Processes;

namespace Omk.Gates;

/// <summary>
/// The default gates of a .NET repository: <c>build</c> (<c>dotnet build</c>) and, when a test project
/// exists, <c>test</c> (<c>dotnet test --no-build</c>, after build), on the solution or project at the root.
/// </summary>
public sealed class DotnetGateSource : IGateSource
{
    private static readonly string[] SkippedDirectories = ["bin", "obj", ".git", ".omk", "node_modules", ".vs", "artifacts"];

    public static TimeSpan BuildTimeout { get; } = TimeSpan.FromMinutes(20);

    public static TimeSpan TestTimeout { get; } = TimeSpan.FromMinutes(30);

    public Task<GateSet?> LoadAsync(GateSourceContext context, CancellationToken cancellationToken)
    {
        var root = context.RepoRoot;
        var target = FindTarget(root);
        if (target is null)
        {
            return Task.FromResult<GateSet?>(null);
        }

        var isSolution = target.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || target.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase);
        var gates = new List<GateDefinition>
        {
            new()
            {
                Name = "build",
                Command = new ProcessCommand("dotnet", ["build", target, "--nologo"]),
                Timeout = BuildTimeout,
                Tags = ["build"],
            },
        };
        var hasTests = isSolution ? HasTestProject(root, 0) : IsTestProject(Path.Combine(root, target));
        if (hasTests)
        {
            gates.Add(new GateDefinition
            {
                Name = "test",
                Command = new ProcessCommand("dotnet", ["test", target, "--nologo", "--no-build"]),
                Timeout = TestTimeout,
                Tags = ["tests"],
                DependsOn = ["build"],
            });
        }

        var origin = $"auto-detected: .NET {(isSolution ? "solution" : "project")} {target}{(hasTests ? string.Empty : " (no test project found, so no test gate)")}";
        return Task.FromResult<GateSet?>(new GateSet(gates, origin));
    }

    /// <summary>The solution (or, without one, the project) at the root, by file name; null when none.</summary>
    public static string? FindTarget(string root)
    {
        if (!Directory.Exists(root))
        {
            return null;
        }

        var folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(root));
        foreach (var patterns in new[] { new[] { "*.slnx", "*.sln" }, new[] { "*.csproj", "*.fsproj", "*.vbproj" } })
        {
            var candidates = patterns.SelectMany(p => Directory.EnumerateFiles(root, p)).Select(Path.GetFileName).OfType<string>()
                .OrderBy(n => n, StringComparer.Ordinal).ToList();
            if (candidates.Count > 0)
            {
                return candidates.FirstOrDefault(c => string.Equals(Path.GetFileNameWithoutExtension(c), folder, StringComparison.OrdinalIgnoreCase))
                    ?? candidates[0];
            }
        }

        return null;
    }

    private static bool HasTestProject(string directory, int depth)
    {
        if (depth > 6)
        {
            return false;
        }

        foreach (var file in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(file);
            if ((name.EndsWith("proj", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Directory.Build.", StringComparison.OrdinalIgnoreCase))
                && IsTestProject(file))
            {
                return true;
            }
        }

        return Directory.EnumerateDirectories(directory)
            .Where(d => !SkippedDirectories.Contains(Path.GetFileName(d), StringComparer.OrdinalIgnoreCase))
            .Any(d => HasTestProject(d, depth + 1));
    }

    private static bool IsTestProject(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            return text.Contains("Microsoft.NET.Test.Sdk", StringComparison.OrdinalIgnoreCase)
                || text.Contains("<IsTestProject>true", StringComparison.OrdinalIgnoreCase)
                || text.Contains("MSTest.Sdk", StringComparison.OrdinalIgnoreCase);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
