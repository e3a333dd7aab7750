namespace Omk.Benchmarks;

/// <summary>Finds the repository and the built omk.dll and omk-action.dll (src/Omk.Cli's own output, same configuration as the benchmarks).</summary>
internal static class OmkLocation
{
    public static string RepoRoot { get; } = FindRoot();

    public static string OmkDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Release";
            return Path.Combine(RepoRoot, "src", "Omk.Cli", "bin", configuration, "net8.0", "omk.dll");
        }
    }

    /// <summary>The GitHub Action program, from src/Omk.GitHubAction's own output (same configuration).</summary>
    public static string ActionDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Release";
            return Path.Combine(RepoRoot, "src", "Omk.GitHubAction", "bin", configuration, "net8.0", "omk-action.dll");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Omk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Omk.sln not found above {AppContext.BaseDirectory}.");
    }
}
