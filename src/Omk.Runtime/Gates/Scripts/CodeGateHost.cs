using System.Text.Json;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;
using Omk.Gates;
using Omk.Processes;
using Omk.Storage;

namespace Omk.Gates.Scripts;

/// <summary>
/// The child-process side of a code gate: loads the compiled scripts, finds the gate, runs its check with a
/// <see cref="GateContext"/>, and writes the outcome. Console output (the gate's own and that of the processes
/// it runs) is this process's output, so it lands in the gate's log. Exit code 0 pass, 1 fail, 3 threw.
/// </summary>
public static class CodeGateHost
{
    public const int Passed = 0;
    public const int Failed = 1;
    public const int Threw = 3;

    public static int Run(string invocationFile, string resultFile)
    {
        var invocation = JsonSerializer.Deserialize(File.ReadAllText(invocationFile), CodeGateJsonContext.Default.CodeGateInvocation)
            ?? throw new InvalidDataException($"'{invocationFile}' holds no code gate invocation.");
        CodeGateOutcome outcome;
        GateContext? context = null;
        try
        {
            var declaration = GateScriptAssembly.Declare(invocation.AssemblyPath, invocation.Scripts, invocation.RepoRoot)
                .FirstOrDefault(d => d.Name == invocation.GateName && d.Check is not null)
                ?? throw new InvalidOperationException($"the gate scripts no longer declare a code gate '{invocation.GateName}'");
            context = new GateContext(
                invocation.RepoRoot,
                invocation.RunId,
                invocation.GateName,
                ListModule.OfSeq(invocation.ChangedFiles),
                invocation.BaseRef is null ? FSharpOption<string>.None : FSharpOption<string>.Some(invocation.BaseRef),
                Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                    .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal),
                new ProcessHost());
            var result = declaration.Check!.Invoke(context);
            outcome = new CodeGateOutcome(result.Passed, result.Message, Evidence(context));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"code gate '{invocation.GateName}' threw {ex}");
            outcome = new CodeGateOutcome(false, null, context is null ? [] : Evidence(context), $"{ex.GetType().Name}: {ex.Message}");
        }

        Console.Out.Flush();
        AtomicFile.WriteAllText(resultFile, JsonSerializer.Serialize(outcome, CodeGateJsonContext.Default.CodeGateOutcome));
        return outcome.Error is not null ? Threw : outcome.Passed ? Passed : Failed;
    }

    private static List<CodeGateEvidence> Evidence(GateContext context) =>
        context.Evidence.Select(p => new CodeGateEvidence(p.Key, p.Value)).ToList();

    // Processes a code gate runs: no shell, output echoed to this process's output (the gate's log).
    private sealed class ProcessHost : IGateHost
    {
        private readonly ProcessRunner _runner = new(TimeProvider.System);

        public ProcessOutcome RunProcess(string program, FSharpList<string> arguments, string workingDirectory)
        {
            var command = new ProcessCommand(program, arguments.ToList());
            var result = _runner.RunAsync(new ProcessSpec(command, workingDirectory)
            {
                OnOutput = line =>
                {
                    if (line.Stream == ProcessOutputStream.Stdout)
                    {
                        Console.Out.WriteLine(line.Text);
                    }
                    else
                    {
                        Console.Error.WriteLine(line.Text);
                    }
                },
            }).GetAwaiter().GetResult();
            if (result.StartError is { } error)
            {
                Console.Error.WriteLine(error);
            }

            return new ProcessOutcome(command.CommandLine, result.ExitCode ?? -1, result.StdoutTail, result.StartError ?? result.StderrTail);
        }
    }
}
