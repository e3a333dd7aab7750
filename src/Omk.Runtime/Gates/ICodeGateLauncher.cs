using Omk.Processes;

namespace Omk.Gates;

/// <summary>Knows how to start the child process that runs one code gate (the omk host provides it).</summary>
public interface ICodeGateLauncher
{
    /// <summary>The command that runs the code gate described in <paramref name="invocationFile"/> and writes <paramref name="resultFile"/>.</summary>
    ProcessCommand CommandFor(string invocationFile, string resultFile);
}
