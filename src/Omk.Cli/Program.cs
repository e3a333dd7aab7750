using System.CommandLine;
using Omk.Cli;
using Omk.Cli.Commands;
using Omk.Processes;

// SIGINT, SIGTERM and SIGHUP cancel the command, which stops its processes and writes what it has (a run's proof).
using var signals = new ShutdownSignals();
var verbose = args.Contains("--verbose", StringComparer.Ordinal);
args = args.Where(a => a != "--verbose").ToArray();

var root = new RootCommand("omk: proof-backed engineering runs. Gates decide what passed; the event log records every fact; the proof says, with evidence, whether the result is ready.")
{
    ProofCommand.Create(signals),
    GatesCommand.Create(),
    AgentRunCommand.Create(),
    DoctorCommand.Create(),
    RunsCommand.Create(),
};

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
    var exit = await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, signals.Token);
    if (signals.ExitCode is { } interrupted)
    {
        Console.Error.WriteLine($"omk: interrupted by {signals.ReceivedName}.");
        return interrupted;
    }

    return exit;
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"omk: {ex.Message}");
    return ExitCodes.Usage;
}
catch (OperationCanceledException) when (signals.ExitCode is { } interrupted)
{
    Console.Error.WriteLine($"omk: interrupted by {signals.ReceivedName}; nothing was recorded yet.");
    return interrupted;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("omk: cancelled.");
    return ExitCodes.NotReady;
}
#pragma warning disable CA1031 // The top of the program: every failure becomes one line and an exit code.
catch (Exception ex)
#pragma warning restore CA1031
{
    var failure = FailureMessage.Describe(ex);
    // What the environment or the input got wrong is one line that says what to do; never a stack trace.
    Console.Error.WriteLine($"omk: {failure.Message}");
    if (verbose)
    {
        Console.Error.WriteLine(ex.ToString());
    }

    return failure.ExitCode;
}
