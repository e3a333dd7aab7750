namespace Omk.Processes;

/// <summary>
/// A started child as <see cref="ProcessRunner"/> watches it, whichever way it was started: <see cref="SpawnedChild"/>
/// (<c>posix_spawn</c>, Linux) or <see cref="DotnetChildProcess"/> (<see cref="System.Diagnostics.Process"/>, elsewhere).
/// </summary>
internal interface IRunningChild : IDisposable
{
    int Id { get; }

    Stream StandardOutput { get; }

    Stream StandardError { get; }

    bool HasExited { get; }

    Task WaitForExitAsync(CancellationToken cancellationToken);

    /// <summary>The exit code once the child has exited (128 + the signal when a signal ended it); null when it was lost.</summary>
    int? ExitCode { get; }

    /// <summary>Kills what the exited child left running; how many there were (<see cref="ProcessTreeKiller.KillLeftovers(int, bool, string?, bool)"/>).</summary>
    int KillLeftovers();

    /// <summary>Asks the whole tree to stop (SIGTERM).</summary>
    void Terminate();

    /// <summary>Kills the whole tree; how many processes other than the child were signalled.</summary>
    int Kill();
}
