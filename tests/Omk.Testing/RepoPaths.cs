namespace Omk.Testing;

/// <summary>
/// The repository the tests run from (the folder holding Omk.sln) and the programs built in it. Programs are run
/// from their own output folder (same configuration as the tests), where their deps file and dependencies agree.
/// </summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, as the tests were built (bin/&lt;Configuration&gt;/&lt;tfm&gt;/).</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Debug";

    /// <summary>The omk CLI (src/Omk.Cli).</summary>
    public static string OmkDll => Built("src/Omk.Cli", "net10.0", "omk.dll");

    /// <summary>A program's built dll: <c>&lt;root&gt;/&lt;project folder&gt;/bin/&lt;Configuration&gt;/&lt;tfm&gt;/&lt;dll&gt;</c>; missing is an error naming it.</summary>
    public static string Built(string projectFolder, string targetFramework, string dll)
    {
        var path = Path.Combine(Root, projectFolder, "bin", Configuration, targetFramework, dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{dll} was not built at {path}.");
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
