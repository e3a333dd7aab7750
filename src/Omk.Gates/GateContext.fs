namespace Omk.Gates

open System
open System.Collections.Generic

/// The outcome of a process a code gate ran through its context.
[<Sealed>]
type ProcessOutcome(commandLine: string, exitCode: int, output: string, error: string) =
    /// The command line as run.
    member _.CommandLine = commandLine
    /// The exit code (non-zero also when it could not start or was killed).
    member _.ExitCode = exitCode
    /// Standard output (the tail, for very long output).
    member _.Output = output
    /// Standard error (the tail, for very long output).
    member _.Error = error
    /// True when the exit code is 0.
    member _.Succeeded = exitCode = 0

/// What the host provides to a running code gate (implemented by omk).
type IGateHost =
    /// Runs a program without a shell; its output also goes to the gate's log.
    abstract RunProcess: program: string * arguments: string list * workingDirectory: string -> ProcessOutcome

/// Everything a code gate may look at, and its ways to leave evidence.
[<Sealed>]
type GateContext
    (
        repoRoot: string,
        runId: string,
        gateName: string,
        changedFiles: string list,
        baseRef: string option,
        environment: IReadOnlyDictionary<string, string>,
        host: IGateHost
    ) =
    let evidence = List<KeyValuePair<string, string>>()
    let mutable processes = 0

    /// The repository root (absolute).
    member _.RepoRoot = repoRoot
    /// The run's id.
    member _.RunId = runId
    /// This gate's name.
    member _.GateName = gateName
    /// Changed files of the run, repository-relative with '/' separators.
    member _.ChangedFiles = changedFiles
    /// Changed files of the run as absolute paths.
    member _.ChangedPaths = changedFiles |> List.map (fun f -> IO.Path.Combine(repoRoot, f))
    /// The base ref given to the run (--base), if any.
    member _.BaseRef = baseRef
    /// The environment the gate runs with.
    member _.Environment = environment

    /// An environment variable, if set.
    member _.Env(name: string) =
        match environment.TryGetValue name with
        | true, v -> Some v
        | _ -> None

    /// Writes a line to the gate's log.
    member _.Log(text: string) = Console.Out.WriteLine text

    /// Attaches a key/value to the gate's evidence in the proof.
    member _.AddEvidence(key: string, value: string) = evidence.Add(KeyValuePair(key, value))

    /// Runs a program (no shell) in the repository root; the command and its exit code become evidence.
    member this.Run(program: string, arguments: string list) = this.RunIn(repoRoot, program, arguments)

    /// Runs a program (no shell) in a directory relative to the repository root.
    member this.RunIn(directory: string, program: string, arguments: string list) =
        let outcome = host.RunProcess(program, arguments, IO.Path.Combine(repoRoot, directory))
        processes <- processes + 1
        this.AddEvidence($"process {processes}", $"{outcome.CommandLine} -> exit {outcome.ExitCode}")
        outcome

    /// The evidence attached so far.
    member _.Evidence: IReadOnlyList<KeyValuePair<string, string>> = evidence
