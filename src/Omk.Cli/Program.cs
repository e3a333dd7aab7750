using System.CommandLine;
using Omk.Cli;
using Omk.Cli.Commands;

var root = new RootCommand("omk: proof-backed engineering runs. Gates decide what passed; the event log records every fact; the proof says, with evidence, whether the result is ready.")
{
    ProofCommand.Create(),
    RunsCommand.Create(),
};

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
