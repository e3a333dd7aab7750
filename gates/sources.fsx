// Helpers shared by this repository's code gates (a #load-ed script declares no gate of its own).
module Sources

open System
open System.IO

let private extensions = set [ ".cs"; ".fs"; ".fsx" ]

let private skipped (path: string) =
    let parts = path.Replace('\\', '/').Split('/')
    parts |> Array.exists (fun p -> p = "bin" || p = "obj" || p = "__snapshots__" || p = "Fixtures")

/// Source files under src/ (C# and F#), absolute paths.
let files (root: string) =
    Directory.EnumerateFiles(Path.Combine(root, "src"), "*", SearchOption.AllDirectories)
    |> Seq.filter (fun f -> extensions.Contains(Path.GetExtension f) && not (skipped f))
    |> List.ofSeq

/// The changed files that are C# or F# sources (repository-relative, still present).
let changedSources (root: string) (changed: string list) =
    changed
    |> List.filter (fun f -> extensions.Contains(Path.GetExtension f) && not (skipped f) && File.Exists(Path.Combine(root, f)))

// Spelled in pieces so that this file does not flag itself.
let private markers = [ "TO" + "DO"; "FIX" + "ME"; "HA" + "CK" ]

/// True for a line that marks unfinished work (the usual three upper-case markers).
let marksWorkInProgress (line: string) =
    markers
    |> List.exists (fun marker -> line.Contains(marker, StringComparison.Ordinal))
