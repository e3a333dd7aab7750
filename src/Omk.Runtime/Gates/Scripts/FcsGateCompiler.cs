using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FSharp.Compiler.CodeAnalysis;
using FSharp.Compiler.Diagnostics;
using Microsoft.FSharp.Control;

namespace Omk.Gates.Scripts;

/// <summary>
/// Compiles gate scripts with FSharp.Compiler.Service into one assembly. This is the only type that touches
/// the compiler: a run that finds its scripts in the cache never loads it.
/// </summary>
internal static class FcsGateCompiler
{
    /// <summary>
    /// Compiles <paramref name="scripts"/> (in order) to <paramref name="outputAssembly"/>; returns every diagnostic.
    /// With <paramref name="mappedFolder"/>, the assembly records that folder as <see cref="GateScriptLocation.MappedFolder"/>.
    /// <c>OMK_TRACE_COMPILE=1</c> prints where the time went on stderr (omk's steps, then the compiler's own phases).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static IReadOnlyList<GateScriptDiagnostic> Compile(IReadOnlyList<string> scripts, string outputAssembly, string? mappedFolder = null)
    {
        var trace = Environment.GetEnvironmentVariable("OMK_TRACE_COMPILE") == "1";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var checker = FSharpChecker.Create(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        var checkerTime = watch.Elapsed;
        var args = new List<string> { "fsc.exe", "-o:" + outputAssembly };
        args.AddRange(GateScriptCompilerOptions.Flags);
        foreach (var reference in References())
        {
            args.Add("-r:" + reference);
        }

        var referencesTime = watch.Elapsed - checkerTime;
        if (mappedFolder is not null)
        {
            args.Add($"--pathmap:{mappedFolder}={GateScriptLocation.MappedFolder}");
        }

        if (trace)
        {
            args.Add("--times");
        }

        args.AddRange(scripts);
        var stdout = Console.Out;
        if (trace)
        {
            Console.SetOut(Console.Error); // the compiler prints its phase table on stdout, which is omk's machine output
        }

        var result = FSharpAsync.RunSynchronously(checker.Compile(args.ToArray(), null), null, null);
        if (trace)
        {
            Console.SetOut(stdout);
            Console.Error.WriteLine($"omk-trace: compile: checker {checkerTime.TotalMilliseconds:0} ms, references {referencesTime.TotalMilliseconds:0} ms, compile {(watch.Elapsed - checkerTime - referencesTime).TotalMilliseconds:0} ms");
        }

        // FS0075: --times "is for test purposes only" (the trace's own flag, not the scripts' doing).
        var diagnostics = result.Item1.Where(d => !(trace && d.ErrorNumber == 75)).Select(Convert).ToList();
        if (result.Item2 is not null && !diagnostics.Any(d => d.Severity == "error"))
        {
            diagnostics.Add(new GateScriptDiagnostic(scripts[0], 1, 1, "error", "FS0000", "the F# compiler failed: " + result.Item2.Value.Message));
        }

        return diagnostics;
    }

    private static GateScriptDiagnostic Convert(FSharpDiagnostic d)
    {
        var severity = d.Severity.IsError ? "error" : d.Severity.IsWarning ? "warning" : "info";
        // One line per diagnostic, as compilers print them (and as MSBuild and problem matchers read them).
        var message = string.Join(' ', d.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return new GateScriptDiagnostic(d.FileName, Math.Max(1, d.StartLine), d.StartColumn + 1, severity, $"FS{d.ErrorNumber:0000}", message);
    }

    // The running runtime's own assemblies (scripts run in this runtime), FSharp.Core and the gate API.
    private static IEnumerable<string> References()
    {
        foreach (var file in Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll").Order(StringComparer.Ordinal))
        {
            if (IsManaged(file))
            {
                yield return file;
            }
        }

        yield return typeof(Microsoft.FSharp.Core.FSharpOption<>).Assembly.Location;
        yield return typeof(Omk.Gates.GateDeclaration).Assembly.Location;
    }

    private static bool IsManaged(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            using var pe = new PEReader(stream);
            return pe.HasMetadata;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
