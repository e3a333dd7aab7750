using System.Diagnostics;

namespace Omk.Processes;

/// <summary>
/// A child started through <see cref="Process"/> (where <see cref="PosixSpawnLibrary.IsAvailable"/> is false), behind
/// <see cref="ChildLauncher"/>'s prefix: its standard input closed at once, its output pipes enlarged.
/// </summary>
internal sealed class DotnetChildProcess : IRunningChild
{
    private readonly Process _process;
    private readonly bool _ownsGroup;

    public DotnetChildProcess(Process process, bool ownsGroup)
    {
        _process = process;
        _ownsGroup = ownsGroup;
        Id = process.Id;
        process.StandardInput.Close();
        PipeCapacity.Enlarge(process.StandardOutput.BaseStream);
        PipeCapacity.Enlarge(process.StandardError.BaseStream);
    }

    public int Id { get; }

    public Stream StandardOutput => _process.StandardOutput.BaseStream;

    public Stream StandardError => _process.StandardError.BaseStream;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.ExitCode;

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public int KillLeftovers() => ProcessTreeKiller.KillLeftovers(_process, _ownsGroup);

    public void Terminate() => ProcessTreeKiller.Terminate(_process, _ownsGroup);

    public int Kill() => ProcessTreeKiller.Kill(_process, _ownsGroup);

    public void Dispose() => _process.Dispose();
}
