using System.Reflection;
using Omk.Processes;

namespace Omk.Gates;

/// <summary>
/// Runs a code gate in a child process started the way this one was: the current program (its apphost, or
/// <c>dotnet</c> + the entry assembly) with <c>gates exec --invocation F --result F</c>. Every front door that
/// runs proofs answers those arguments with <see cref="Scripts.CodeGateHost.Run"/> (see <see cref="TryParseExec"/>).
/// </summary>
public sealed class CurrentProgramCodeGateLauncher : ICodeGateLauncher
{
    private readonly string _host;
    private readonly string? _entryAssembly;

    /// <summary>The current process: <see cref="Environment.ProcessPath"/> and the entry assembly.</summary>
    public CurrentProgramCodeGateLauncher()
        : this(Environment.ProcessPath ?? "dotnet", Assembly.GetEntryAssembly()?.Location)
    {
    }

    /// <summary>A given host (an apphost, or <c>dotnet</c>) and the assembly <c>dotnet</c> runs.</summary>
    public CurrentProgramCodeGateLauncher(string host, string? entryAssembly)
    {
        _host = host;
        _entryAssembly = entryAssembly;
    }

    public ProcessCommand CommandFor(string invocationFile, string resultFile)
    {
        List<string> args = ["gates", "exec", "--invocation", invocationFile, "--result", resultFile];
        return Path.GetFileNameWithoutExtension(_host).Equals("dotnet", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(_entryAssembly)
            ? new ProcessCommand(_host, [_entryAssembly, .. args])
            : new ProcessCommand(_host, args);
    }

    /// <summary>True when <paramref name="args"/> are exactly <c>gates exec --invocation F --result F</c> (either order).</summary>
    public static bool TryParseExec(IReadOnlyList<string> args, out string invocationFile, out string resultFile)
    {
        ArgumentNullException.ThrowIfNull(args);
        invocationFile = string.Empty;
        resultFile = string.Empty;
        if (args.Count != 6 || args[0] != "gates" || args[1] != "exec")
        {
            return false;
        }

        for (var i = 2; i < 6; i += 2)
        {
            switch (args[i])
            {
                case "--invocation":
                    invocationFile = args[i + 1];
                    break;
                case "--result":
                    resultFile = args[i + 1];
                    break;
                default:
                    return false;
            }
        }

        return invocationFile.Length > 0 && resultFile.Length > 0;
    }
}
