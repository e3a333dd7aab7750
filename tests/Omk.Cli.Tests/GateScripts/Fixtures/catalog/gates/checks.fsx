// Code gates: F# checks that omk runs in a child process, each with a GateContext.
#load "lib/common.fsx"

open System.IO
open Omk.Gates
open Common

gate "changed-files" {
    check (fun ctx ->
        ctx.AddEvidence("changed", String.concat "," ctx.ChangedFiles)
        ctx.AddEvidence("all_exist", string (ctx.ChangedPaths |> List.forall File.Exists))
        match ctx.ChangedFiles with
        | [] -> Fail "no changed files"
        | files -> PassWith $"{files.Length} changed file(s)")
    dependsOn "compile"
    tag "acceptance"
}

gate "evidence" {
    check (fun ctx ->
        printfn "printfn: checking %s" ctx.GateName
        ctx.Log "ctx.Log: about to run echo"
        let echo = ctx.Run("echo", [ "echo: from a child process" ])
        ctx.AddEvidence("flavour", flavour)
        if echo.Succeeded then PassWith "evidence attached" else Fail echo.Error)
}

gate "no-todo" {
    check (fun _ -> Fail "TODO left in src/app.txt")
    allowFail
}

gate "throws" {
    check (fun _ -> failwith "the check blew up")
    tag "regression"
}

gate "hangs" {
    check (fun _ ->
        printfn "hangs: going to sleep"
        System.Threading.Thread.Sleep 600000
        Pass)
    timeout (seconds 2)
}
