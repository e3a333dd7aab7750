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
    /// <summary>Loads the cached assembly at <paramref name="assemblyPath"/> after checking its hash, and declares its gates.</summary>
    public static IReadOnlyList<GateDeclaration> Declare(string assemblyPath, IReadOnlyList<string> scripts, string repoRoot)
    {
        var image = GateScriptCache.ReadVerified(assemblyPath)
            ?? throw new GateScriptException($"The compiled gate scripts '{assemblyPath}' are missing or do not match their recorded hash; they were not loaded.");
        return Declare(image, assemblyPath, scripts, repoRoot, Timeout.InfiniteTimeSpan, CancellationToken.None);
    }

    /// <summary>
    /// Loads <paramref name="image"/> (bytes already verified) and runs the scripts' top-level code to collect the
    /// gates, on a thread of its own: code that does not finish within <paramref name="timeout"/> is reported (and
    /// left behind, to end with the process), a cancellation (Ctrl+C) is honoured at once, and a call to
    /// <c>exit</c> is reported as a script error naming the script (the process ends with exit code 2).
    /// </summary>
    public static IReadOnlyList<GateDeclaration> Declare(
        byte[] image, string assemblyPath, IReadOnlyList<string> scripts, string repoRoot, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var context = new AssemblyLoadContext("omk-gate-scripts", isCollectible: true);
        Assembly assembly;
        using (var dll = new MemoryStream(image, writable: false))
        {
            var pdbPath = Path.ChangeExtension(assemblyPath, ".pdb");
            using var pdb = File.Exists(pdbPath) ? File.OpenRead(pdbPath) : null;
            assembly = context.LoadFromStream(dll, pdb);
        }

        var entry = assembly.EntryPoint ?? throw new GateScriptException($"The compiled gate scripts '{assemblyPath}' have no entry point; delete it to recompile.");
        IReadOnlyList<GateDeclaration>? declared = null;
        Exception? failure = null;
        using var done = new ManualResetEventSlim();
        var declaring = new Thread(() =>
        {
            try
            {
                declared = GateDeclarations.Collect(() => entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]))
                    .OfType<GateDeclaration>().ToList();
            }
#pragma warning disable CA1031 // Whatever the scripts throw is reported as their error on the caller's thread.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ex;
            }
            finally
            {
                done.Set();
            }
        })
        {
            IsBackground = true,
            Name = "omk gate declarations",
        };

        // What the scripts print while declaring (top-level printfn) goes to stderr: stdout is omk's machine output (--json).
        var stdout = Console.Out;
        Console.SetOut(new DeferredStandardError());
        void OnExit(object? sender, EventArgs e) => ScriptExited(scripts, repoRoot);
        AppDomain.CurrentDomain.ProcessExit += OnExit;
        try
        {
            declaring.Start();
            var signalled = WaitHandle.WaitAny([done.WaitHandle, cancellationToken.WaitHandle], timeout);
            cancellationToken.ThrowIfCancellationRequested();
            if (signalled == WaitHandle.WaitTimeout)
            {
                throw new GateScriptException(
                    $"{string.Join(", ", scripts.Select(s => Relative(s, repoRoot)))}: error OMK0103: declaring the gates did not finish within {timeout.TotalSeconds:0} s " +
                    "(an endless loop or a wait at the top level of a script?); it was stopped and no gate ran.");
            }
        }
        finally
        {
            AppDomain.CurrentDomain.ProcessExit -= OnExit;
            Console.SetOut(stdout);
        }

        if (failure is not null)
        {
            var inner = Unwrap(failure);
            throw new GateScriptException(DescribeThrow(inner, scripts, repoRoot), inner);
        }

        return declared!;
    }

    // A script called exit (or Environment.Exit) while declaring: the process is ending and cannot be stopped, but it
    // ends as a script error, with exit code 2 and the scripts named, instead of silently "succeeding". (The exit
    // handlers run on another thread than the script's, so the line is not known.)
    private static void ScriptExited(IReadOnlyList<string> scripts, string repoRoot)
    {
        var where = string.Join(", ", scripts.Select(s => Relative(s, repoRoot)));
        Console.Error.WriteLine($"{where}: error OMK0102: the gate script called exit while declaring gates; a gate script only declares gates. No gate ran.");
        Environment.ExitCode = 2;
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
