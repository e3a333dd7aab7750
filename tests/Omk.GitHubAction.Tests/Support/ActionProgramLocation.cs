using Omk.Testing;

namespace Omk.GitHubAction.Tests.Support;

/// <summary>The repository, and the built omk-action.dll in src/Omk.GitHubAction's own output folder (same configuration as the tests).</summary>
public static class ActionProgramLocation
{
    public static string RepoRoot => RepoPaths.Root;

    /// <summary>Debug or Release, as the tests were built.</summary>
    public static string Configuration => RepoPaths.Configuration;

    public static string DllPath { get; } = RepoPaths.Built("src/Omk.GitHubAction", "net8.0", "omk-action.dll");
}
