using System.CommandLine;
using Omk.Cli;
using Omk.Cli.Commands;

var root = new RootCommand("omk: proof-backed engineering runs. Gates decide what passed; the event log records every fact; the proof says, with evidence, whether the result is ready.");
foreach (var command in CommandCatalog.For(args))
{
    root.Add(command);
}

// Diagnostics for tests and benchmarks: which assemblies a command loaded (e.g. that a warm run never loads the F# compiler).
if (Environment.GetEnvironmentVariable("OMK_TRACE_ASSEMBLIES") == "1")
{
    AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var name in AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Order(StringComparer.Ordinal))
        {
            Console.Error.WriteLine($"omk-trace: loaded {name}");
        }
    };
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
