using System.CommandLine;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;
using Omk.Cli.Commands;
using Omk.Processes;

namespace Omk.Cli;

/// <summary>
/// Every command but <c>--version</c>: a command line with one possible reading runs at once (<see cref="PlainCommandLine"/>);
/// any other builds the command the arguments name (<see cref="CommandCatalog"/>), parses
/// against it alone when that is certainly what the whole tree would give (<see cref="NamedCommandParser"/>), and runs.
/// Its own type, so that <c>omk --version</c> never loads System.CommandLine. Synchronous: a command whose action is
/// synchronous (<c>omk proof</c>, <c>omk gates list|check</c>: they block on their work) runs without any async machinery
/// of the program's or System.CommandLine's own, which a short-lived process would otherwise JIT-compile on every run;
/// an asynchronous action is awaited on this thread.
/// </summary>
public static class OmkCommandLine
{
    public static int Run(string[] args)
    {
        if (ProofCommand.IsRun(args))
        {
            _ = Proofs.ProofRunWarmUp.Start();
        }

        // SIGINT, SIGTERM and SIGHUP cancel the command, which stops its processes and writes what it has (a run's proof).
        using var signals = new ShutdownSignals();
        var verbose = Array.IndexOf(args, "--verbose") >= 0;
        if (verbose)
        {
            args = Array.FindAll(args, a => a != "--verbose");
        }

        // A command line with one possible reading runs without System.CommandLine; any other is parsed (and its errors reported).
        var command = PlainCommandLine.TryRead(args, signals) ?? Parse(args, signals);
        if (command is null)
        {
            return ExitCodes.Usage;
        }

        try
        {
            var exit = command();
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
    }

    // Its own method, so that a command line read without System.CommandLine never loads it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Func<int>? Parse(string[] args, ShutdownSignals signals)
    {
        var named = CommandCatalog.Named(args, signals);
        var parse = (named is null ? null : NamedCommandParser.Parse(named, args)) ?? ParseWhole(args, named, signals);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine($"omk: {error.Message}");
            }

            Console.Error.WriteLine("omk: run 'omk --help' for usage.");
            return null;
        }

        return () => Invoke(parse, signals);
    }

    private static int Invoke(ParseResult parse, ShutdownSignals signals)
    {
        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        return parse.Action is SynchronousCommandLineAction
            ? parse.Invoke(configuration)
            : parse.InvokeAsync(configuration, signals.Token).GetAwaiter().GetResult();
    }

    // The whole tree: the root's help, version and directives, and the command the arguments name, or every command
    // when they name none (for the list in help and the suggestions for a mistyped name).
    private static ParseResult ParseWhole(string[] args, Command? named, ShutdownSignals signals)
    {
        var root = new RootCommand("omk: proof-backed engineering runs. Gates decide what passed; the event log records every fact; the proof says, with evidence, whether the result is ready.");
        foreach (var command in named is null ? CommandCatalog.All(args, signals) : [named])
        {
            root.Add(command);
        }

        return root.Parse(args);
    }
}
