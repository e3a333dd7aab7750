using Omk.Gates;
using Omk.Processes;

namespace Omk.Cli;

/// <summary>Runs a code gate in a child omk process (<c>omk gates exec</c>), started the way this one was.</summary>
public sealed class OmkCodeGateLauncher : ICodeGateLauncher
{
    public ProcessCommand CommandFor(string invocationFile, string resultFile)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var omkDll = typeof(OmkCodeGateLauncher).Assembly.Location;
        List<string> args = ["gates", "exec", "--invocation", invocationFile, "--result", resultFile];
        return Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? new ProcessCommand(host, [omkDll, .. args])
            : new ProcessCommand(host, args);
    }
}
