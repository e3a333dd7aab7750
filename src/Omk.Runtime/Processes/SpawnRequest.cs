namespace Omk.Processes;

/// <summary>What <see cref="PosixSpawner"/> starts: a program by its full path, its arguments, its whole environment, where.</summary>
/// <param name="ProgramPath">The program's full path (<see cref="ProgramLocator"/> found it); also the child's <c>argv[0]</c>.</param>
/// <param name="Arguments">The arguments after <c>argv[0]</c>.</param>
/// <param name="Environment">The child's whole environment (<see cref="ChildEnvironment"/>).</param>
/// <param name="WorkingDirectory">The child's working directory (a full path).</param>
internal sealed record SpawnRequest(string ProgramPath, IReadOnlyList<string> Arguments, Dictionary<string, string> Environment, string WorkingDirectory)
{
    /// <summary>The child leads a new session and process group (as <c>setsid</c> gave).</summary>
    public bool NewSession { get; init; }

    /// <summary>A pipe on the child's standard input (<see cref="SpawnedChild.StandardInput"/>); otherwise it reads <c>/dev/null</c>.</summary>
    public bool WritableInput { get; init; }

    /// <summary>
    /// The caller waits for the exit itself (<see cref="SpawnedChild.WaitForExit"/>, as <see cref="SpawnedCapture"/> does):
    /// no thread of the child's own watches it. A child disposed before it was waited for still gets that thread, to reap it.
    /// </summary>
    public bool CallerWaits { get; init; }

    /// <summary>The tree marker in <see cref="Environment"/>, when one was given (<see cref="ProcessTreeMarker"/>).</summary>
    public string? Marker { get; init; }
}
