namespace Omk.Benchmarks;

/// <summary>Finds the repository and the built programs benchmarks run (omk.dll, omk-action.dll, the Wire double), each in its own output folder.</summary>
internal static class OmkLocation
{
    public static string RepoRoot { get; } = FindRoot();

    private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Release";

    /// <summary>
    /// omk as it ships: the copy benchmarks/run.sh publishes (net10.0 with ReadyToRun code), else the build output (no
    /// ReadyToRun code: every method is JIT-compiled).
    /// </summary>
    public static string OmkDll => File.Exists(PublishedOmkDll) ? PublishedOmkDll : BuiltOmkDll;

    /// <summary>omk from its build output (IL only).</summary>
    public static string BuiltOmkDll => Path.Combine(RepoRoot, "src", "Omk.Cli", "bin", Configuration, "net10.0", "omk.dll");

    private static string PublishedOmkDll => Path.Combine(RepoRoot, "benchmarks", "Omk.Benchmarks", "bin", Configuration, "omk-published", "omk.dll");

    /// <summary>The GitHub Action program, from src/Omk.GitHubAction's own output (same configuration).</summary>
    public static string ActionDll => Path.Combine(RepoRoot, "src", "Omk.GitHubAction", "bin", Configuration, "net8.0", "omk-action.dll");

    /// <summary>The Wire double (a fake <c>kimi --wire</c>) in its own output folder, same configuration as the benchmarks.</summary>
    public static string WireDoubleDll => Path.Combine(RepoRoot, "tests", "Omk.WireDouble", "bin", Configuration, "net10.0", "Omk.WireDouble.dll");

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
