using Omk.Processes;

namespace Omk.Evidence;

/// <summary>
/// Asks a <c>dotnet test</c> gate for structured results: adds <c>--logger trx --results-directory DIR</c> (DIR inside
/// the run directory) to its command, unless the command already names a results directory or a TRX logger (the
/// gate then names its result files with <c>results</c>), or the repository's <c>global.json</c> selects the
/// Microsoft.Testing.Platform runner (whose <c>dotnet test</c> has no <c>--logger</c>). A shell gate is left as written.
/// </summary>
public static class DotnetTestResults
{
    /// <summary>The command to run and, when arguments were added, what was added (for the evidence).</summary>
    public static (ProcessCommand Command, string? Added) Prepare(ProcessCommand command, string resultsDirectory, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!IsDotnetTest(command) || UsesTestingPlatform(workingDirectory) || command.Arguments.Any(a =>
                a.StartsWith("--results-directory", StringComparison.Ordinal)
                || (a.Contains("trx", StringComparison.OrdinalIgnoreCase) && !a.StartsWith('-'))))
        {
            return (command, null);
        }

        string[] added = ["--logger", "trx", "--results-directory", resultsDirectory];
        var arguments = command.Arguments.ToList();
        var separator = arguments.IndexOf("--");
        arguments.InsertRange(separator < 0 ? arguments.Count : separator, added);
        return (command with { Arguments = arguments }, CommandLineQuoting.Join(added[0], added[1..]));
    }

    // The nearest global.json decides which runner `dotnet test` uses (SDK 10: "test": {"runner": "Microsoft.Testing.Platform"}).
    private static bool UsesTestingPlatform(string? directory)
    {
        for (var dir = directory is null ? null : new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var globalJson = Path.Combine(dir.FullName, "global.json");
            if (File.Exists(globalJson))
            {
                try
                {
                    return File.ReadAllText(globalJson).Contains("Microsoft.Testing.Platform", StringComparison.OrdinalIgnoreCase);
                }
                catch (IOException)
                {
                    return false;
                }
            }
        }

        return false;
    }

    /// <summary>True for <c>dotnet test …</c> run without a shell.</summary>
    public static bool IsDotnetTest(ProcessCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return !command.IsShell
            && command.Arguments.Count > 0
            && command.Arguments[0] == "test"
            && string.Equals(Path.GetFileNameWithoutExtension(command.Program), "dotnet", StringComparison.OrdinalIgnoreCase);
    }
}
