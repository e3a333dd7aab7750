using System.CommandLine;
using Omk.Cli.Commands;

namespace Omk.Cli;

/// <summary>
/// Every command but <c>--version</c>: builds the commands the arguments name (<see cref="CommandCatalog"/>), parses and
/// runs. Its own type, so that <c>omk --version</c> never loads System.CommandLine.
/// </summary>
public static class OmkCommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("omk: proof-backed engineering runs. Gates decide what passed; the event log records every fact; the proof says, with evidence, whether the result is ready.");
        foreach (var command in CommandCatalog.For(args))
        {
            root.Add(command);
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine($"omk: {error.Message}");
            }

            Console.Error.WriteLine("omk: run 'omk --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"omk: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("omk: cancelled.");
            return ExitCodes.NotReady;
        }
    }
}
