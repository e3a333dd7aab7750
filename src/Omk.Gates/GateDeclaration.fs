namespace Omk.Gates

open System
open System.Collections.Generic
open System.Threading

/// How a command gate's command was written.
type GateCommandKind =
    /// `run "dotnet build --nologo"`: split like a shell would, but run without one.
    | CommandText = 0
    /// `exec "dotnet" ["build"]`: a program and its arguments.
    | ProgramAndArguments = 1
    /// `shell "a && b"`: run through the shell.
    | ShellScript = 2

/// One declared gate, as the host reads it (plain .NET types, so C# can read it too).
[<Sealed; AllowNullLiteral>]
type GateDeclaration(name: string, file: string, line: int) =
    /// The gate's name (unique across all scripts).
    member val Name = name with get
    /// The script that declares it.
    member val File = file with get
    /// The line of the `gate "name"` in that script.
    member val Line = line with get
    /// How the command was written, when it is a command gate.
    member val CommandKind = Nullable<GateCommandKind>() with get, set
    /// The command text (`run`) or shell script (`shell`).
    member val CommandText: string | null = null with get, set
    /// The program (`exec`).
    member val Program: string | null = null with get, set
    /// The arguments (`exec`).
    member val Arguments: IReadOnlyList<string> = [||] with get, set
    /// The code of a code gate.
    member val Check: Func<GateContext, GateResult> | null = null with get, set
    /// Working directory relative to the repository root.
    member val WorkingDirectory: string | null = null with get, set
    /// Environment variables set for the gate.
    member val Environment = Dictionary<string, string>() with get
    /// Whether the gate is required (default true).
    member val Required = true with get, set
    /// Whether failure is tolerated (reported, not blocking).
    member val AllowFail = false with get, set
    /// Whether the gate is recorded without running.
    member val Skip = false with get, set
    /// Timeout, if declared.
    member val Timeout = Nullable<TimeSpan>() with get, set
    /// Tags, e.g. perf, acceptance, regression.
    member val Tags = List<string>() with get
    /// Gates that must pass first.
    member val DependsOn = List<string>() with get
    /// Test result files the gate writes (TRX or JUnit XML), as patterns relative to its working directory.
    member val ResultFiles = List<string>() with get
    /// Whether a test gate may run no test at all.
    member val AllowNoTests = false with get, set
    /// How many times a failed attempt is run again, if declared.
    member val Retries = Nullable<int>() with get, set
    /// Whether a passed result may be reused when the gate's inputs are unchanged (default true).
    member val Reuse = true with get, set
    /// Variables of omk's own environment the gate reads: their values are part of its input key.
    member val InputEnvironment = List<string>() with get
    /// Commands whose output (a tool's version) is part of the gate's input key, e.g. "dotnet --version".
    member val ToolVersions = List<string>() with get
    /// The project the gate judges (repository-relative); with `omk proof --affected` it runs only when the change reaches it.
    member val Project: string | null = null with get, set
    /// How many kinds of action were declared (a gate needs exactly one).
    member val Actions = 0 with get, set

/// Collects the gates that scripts declare while the host runs them.
[<AbstractClass; Sealed>]
type GateDeclarations private () =
    static let current = AsyncLocal<List<GateDeclaration> | null>()

    /// Runs `declare` (the scripts' top-level code) and returns the gates it declared, in order.
    static member Collect(declare: Action) : IReadOnlyList<GateDeclaration> =
        let previous = current.Value
        let collected = List<GateDeclaration>()
        current.Value <- collected
        try
            declare.Invoke()
            collected :> IReadOnlyList<GateDeclaration>
        finally
            current.Value <- previous

    /// Called by `gate "name" { ... }`. Outside a host (e.g. plain `dotnet fsi`), the declaration is only printed.
    static member Add(declaration: GateDeclaration) =
        match current.Value with
        | null -> Console.Error.WriteLine($"omk gate '{declaration.Name}' declared outside omk (run it with 'omk proof' or 'omk gates list')")
        | list -> list.Add declaration
