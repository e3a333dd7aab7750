using Omk.Processes;

namespace Omk.Evidence;

/// <summary>
/// Asks a <c>dotnet test</c> gate for structured results: adds <c>--logger trx --results-directory DIR</c> (DIR inside
/// the run directory) to its command, unless the command already names a results directory or a TRX logger (the
/// gate then names its result files with <c>results</c>). A shell gate is left as written.
/// </summary>
public static class DotnetTestResults
{
    /// <summary>The command to run and, when arguments were added, what was added (for the evidence).</summary>
    public static (ProcessCommand Command, string? Added) Prepare(ProcessCommand command, string resultsDirectory)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!IsDotnetTest(command) || command.Arguments.Any(a =>
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
