using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Omk.Gates;

namespace Omk.Gates.Scripts;

/// <summary>
/// A compiled gate script assembly, loaded in its own context (fresh statics on every load; the gate API and
/// FSharp.Core resolve to the host's copies) and run to collect the gates it declares.
/// </summary>
public static class GateScriptAssembly
{
    public static IReadOnlyList<GateDeclaration> Declare(string assemblyPath, IReadOnlyList<string> scripts, string repoRoot)
    {
        var context = new AssemblyLoadContext("omk-gate-scripts", isCollectible: true);
        Assembly assembly;
        using (var dll = File.OpenRead(assemblyPath))
        {
            var pdbPath = Path.ChangeExtension(assemblyPath, ".pdb");
            using var pdb = File.Exists(pdbPath) ? File.OpenRead(pdbPath) : null;
            assembly = context.LoadFromStream(dll, pdb);
        }

        var entry = assembly.EntryPoint ?? throw new GateScriptException($"The compiled gate scripts '{assemblyPath}' have no entry point; delete it to recompile.");
        // What the scripts print while declaring (top-level printfn) goes to stderr: stdout is omk's machine output (--json).
        var stdout = Console.Out;
        Console.SetOut(Console.Error);
        try
        {
            var declared = GateDeclarations.Collect(() => entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]));
            return declared.OfType<GateDeclaration>().ToList();
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            var inner = Unwrap(ex.InnerException);
            throw new GateScriptException(DescribeThrow(inner, scripts, repoRoot), inner);
        }
        finally
        {
            Console.SetOut(stdout);
        }
    }

    private static Exception Unwrap(Exception ex)
    {
        while (ex is TargetInvocationException or TypeInitializationException && ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    // Names the script (and line) where the exception came from, using the compiled scripts' debug symbols.
    private static string DescribeThrow(Exception ex, IReadOnlyList<string> scripts, string repoRoot)
    {
        var frame = new StackTrace(ex, fNeedFileInfo: true).GetFrames()
            .FirstOrDefault(f => f.GetFileName() is { } file && file.EndsWith(".fsx", StringComparison.OrdinalIgnoreCase));
        var where = frame?.GetFileName() is { } scriptFile
            ? $"{Relative(GateScriptLocation.Unmap(scriptFile, GateScriptLocation.FolderOf(scripts)), repoRoot)}({frame.GetFileLineNumber()},{Math.Max(1, frame.GetFileColumnNumber())})"
            : string.Join(", ", scripts.Select(s => Relative(s, repoRoot)));
        return $"{where}: error OMK0100: the gate script threw while declaring gates: {ex.GetType().Name}: {ex.Message}";
    }

    internal static string Relative(string path, string repoRoot) => Path.GetRelativePath(repoRoot, path).Replace('\\', '/');
}
