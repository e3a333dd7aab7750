// Code gates for this repository's conventions (DESIGN.md, Conventions).
#load "sources.fsx"

open System.IO
open Omk.Gates

/// "A file over ~300 lines is asking to be split": fail above 400, so the hint is never ignored for long.
gate "small-files" {
    check (fun ctx ->
        let limit = 400
        let sizes =
            Sources.files ctx.RepoRoot
            |> List.map (fun f -> Path.GetRelativePath(ctx.RepoRoot, f), File.ReadAllLines(f).Length)
            |> List.sortByDescending snd
        ctx.AddEvidence("source files", string sizes.Length)
        match sizes with
        | (largest, lines) :: _ -> ctx.AddEvidence("largest", $"{largest} ({lines} lines)")
        | [] -> ()
        match sizes |> List.filter (fun (_, n) -> n > limit) with
        | [] -> PassWith $"every source file has at most {limit} lines"
        | big ->
            for (file, n) in big do ctx.Log $"{file}: {n} lines"
            let names = big |> List.map fst |> String.concat ", "
            Fail $"{big.Length} source file(s) over {limit} lines: {names}")
    tag "conventions"
}

/// Work in progress must not land: no work-in-progress marker (see Sources.marksWorkInProgress) in the source
/// files this change touches.
gate "no-todo-in-changes" {
    check (fun ctx ->
        let changed = Sources.changedSources ctx.RepoRoot ctx.ChangedFiles
        ctx.AddEvidence("changed source files", string changed.Length)
        let hits =
            [ for file in changed do
                  for i, line in File.ReadAllLines(Path.Combine(ctx.RepoRoot, file)) |> Array.indexed do
                      if Sources.marksWorkInProgress line then yield $"{file}:{i + 1}" ]
        for hit in hits do ctx.Log hit
        match hits with
        | [] -> Pass
        | _ ->
            let where = String.concat ", " hits
            Fail $"work-in-progress markers left in changed files: {where}")
    tag "conventions"
}
