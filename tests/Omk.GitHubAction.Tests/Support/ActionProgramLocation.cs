namespace Omk.GitHubAction.Tests.Support;

/// <summary>The repository, and the built omk-action.dll in src/Omk.GitHubAction's own output folder (same configuration as the tests).</summary>
public static class ActionProgramLocation
{
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>Debug or Release, as the tests were built.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Debug";

    public static string DllPath { get; } = Locate();

    private static string Locate()
    {
        var dll = Path.Combine(RepoRoot, "src", "Omk.GitHubAction", "bin", Configuration, "net8.0", "omk-action.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"omk-action.dll was not built at {dll}.");
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

        throw new FileNotFoundException($"Omk.sln not found above {AppContext.BaseDirectory}.");
    }
}
