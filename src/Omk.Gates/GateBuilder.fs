namespace Omk.Gates

open System
open System.Runtime.CompilerServices
open System.Runtime.InteropServices

/// `gate "name" { ... }`: declares a gate. The operations:
/// `run "cmd args"` · `exec "program" ["args"]` · `shell "a && b"` · `check (fun ctx -> Pass)` ·
/// `workingDir "src"` · `env "NAME" "value"` · `timeout (minutes 10)` · `optional` · `allowFail` · `skip` ·
/// `skipWhen condition` · `tag "perf"` · `tags ["a"; "b"]` · `dependsOn "build"` · `results "out/*.xml"` ·
/// `allowNoTests` · `retries 2` · `reuse false` · `inputEnv "CONFIGURATION"` · `toolVersion "dotnet --version"` · `project "tests/App.Tests/App.Tests.csproj"`.
[<Sealed>]
type gate
    (
        name: string,
        [<CallerFilePath; Optional; DefaultParameterValue("")>] file: string,
        [<CallerLineNumber; Optional; DefaultParameterValue(0)>] line: int
    ) =

    member _.Yield(_: unit) = GateDeclaration(name, file, line)

    member _.Zero() = GateDeclaration(name, file, line)

    /// The command to run, split like a shell would split it, run without a shell.
    [<CustomOperation("run")>]
    member _.RunCommand(d: GateDeclaration, command: string) =
        d.CommandKind <- Nullable GateCommandKind.CommandText
        d.CommandText <- command
        d.Actions <- d.Actions + 1
        d

    /// A program and its arguments, run without a shell.
    [<CustomOperation("exec")>]
    member _.Exec(d: GateDeclaration, program: string, arguments: string list) =
        d.CommandKind <- Nullable GateCommandKind.ProgramAndArguments
        d.Program <- program
        d.Arguments <- List.toArray arguments
        d.Actions <- d.Actions + 1
        d

    /// A script run through the shell (/bin/sh -c, or cmd /c on Windows).
    [<CustomOperation("shell")>]
    member _.Shell(d: GateDeclaration, script: string) =
        d.CommandKind <- Nullable GateCommandKind.ShellScript
        d.CommandText <- script
        d.Actions <- d.Actions + 1
        d

    /// F# code that decides: it gets a GateContext and returns Pass, PassWith or Fail.
    [<CustomOperation("check")>]
    member _.Check(d: GateDeclaration, check: GateContext -> GateResult) =
        d.Check <- Func<GateContext, GateResult>(check)
        d.Actions <- d.Actions + 1
        d

    /// Working directory, relative to the repository root.
    [<CustomOperation("workingDir")>]
    member _.WorkingDir(d: GateDeclaration, directory: string) =
        d.WorkingDirectory <- directory
        d

    /// Sets an environment variable for the gate.
    [<CustomOperation("env")>]
    member _.Env(d: GateDeclaration, variable: string, value: string) =
        d.Environment[variable] <- value
        d

    /// Stops the gate (and everything it started) after this long.
    [<CustomOperation("timeout")>]
    member _.Timeout(d: GateDeclaration, limit: TimeSpan) =
        d.Timeout <- Nullable limit
        d

    /// Not required: the run can be ready without it, and its failure is not blocking.
    [<CustomOperation("optional")>]
    member _.Optional(d: GateDeclaration) =
        d.Required <- false
        d

    /// Required or not (default true).
    [<CustomOperation("required")>]
    member _.Required(d: GateDeclaration, required: bool) =
        d.Required <- required
        d

    /// Its failure is reported (a warning) but does not fail the run.
    [<CustomOperation("allowFail")>]
    member _.AllowFail(d: GateDeclaration) =
        d.AllowFail <- true
        d

    /// Recorded as skipped, never run.
    [<CustomOperation("skip")>]
    member _.Skip(d: GateDeclaration) =
        d.Skip <- true
        d

    /// Skipped when the condition holds.
    [<CustomOperation("skipWhen")>]
    member _.SkipWhen(d: GateDeclaration, condition: bool) =
        d.Skip <- d.Skip || condition
        d

    /// A tag, e.g. perf, acceptance, regression.
    [<CustomOperation("tag")>]
    member _.Tag(d: GateDeclaration, tag: string) =
        d.Tags.Add tag
        d

    /// Several tags.
    [<CustomOperation("tags")>]
    member _.Tags(d: GateDeclaration, tags: string list) =
        d.Tags.AddRange tags
        d

    /// A gate that must pass before this one runs.
    [<CustomOperation("dependsOn")>]
    member _.DependsOn(d: GateDeclaration, other: string) =
        d.DependsOn.Add other
        d

    /// Test result files the gate writes (TRX or JUnit XML; `*`, `?` and `**` patterns), read as its test evidence.
    [<CustomOperation("results")>]
    member _.Results(d: GateDeclaration, pattern: string) =
        d.ResultFiles.Add pattern
        d

    /// A test gate that may run no test at all (otherwise "no tests ran" fails it).
    [<CustomOperation("allowNoTests")>]
    member _.AllowNoTests(d: GateDeclaration) =
        d.AllowNoTests <- true
        d

    /// Runs a failed gate again, up to this many times, on the same tree; a later pass is recorded as flaky.
    [<CustomOperation("retries")>]
    member _.Retries(d: GateDeclaration, count: int) =
        d.Retries <- Nullable count
        d

    /// Whether a passed result is reused when the gate's inputs are unchanged (default true); `reuse false` always runs it.
    [<CustomOperation("reuse")>]
    member _.Reuse(d: GateDeclaration, reuse: bool) =
        d.Reuse <- reuse
        d

    /// A variable of omk's environment the gate reads: its value becomes part of the gate's input key.
    [<CustomOperation("inputEnv")>]
    member _.InputEnv(d: GateDeclaration, variable: string) =
        d.InputEnvironment.Add variable
        d

    /// A command whose output (a tool's version) becomes part of the gate's input key, e.g. "dotnet --version".
    [<CustomOperation("toolVersion")>]
    member _.ToolVersion(d: GateDeclaration, command: string) =
        d.ToolVersions.Add command
        d

    /// The project this gate judges, e.g. "tests/App.Tests/App.Tests.csproj": with `omk proof --affected` the gate runs
    /// only when the change reaches that project (its files, its imports, or a project it references), else it is
    /// recorded as skipped as unaffected.
    [<CustomOperation("project")>]
    member _.Project(d: GateDeclaration, project: string) =
        d.Project <- project
        d

    member _.Run(d: GateDeclaration) = GateDeclarations.Add d
