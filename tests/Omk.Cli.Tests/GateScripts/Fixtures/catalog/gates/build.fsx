// Command gates: every way to give a command, and every option a gate has.
#load "lib/common.fsx"

open Omk.Gates
open Common

gate "restore" { run "echo restoring packages"; tag "build" }

gate "compile" {
    exec "sh" [ "-c"; "echo compiling in $(basename \"$PWD\") as $OMK_FLAVOUR" ]
    workingDir "src"
    env "OMK_FLAVOUR" flavour
    timeout (minutes 5)
    tags [ "build"; "fast" ]
    dependsOn "restore"
}

gate "lint" { shell "echo 'lint: no issues' | tr a-z A-Z"; allowFail }

gate "docs" { run "true"; optional }

gate "legacy" { run "true"; required false }

gate "perf" { run "false"; skip; tag "perf" }

gate "nightly" { run "false"; skipWhen (not isNightly) }

// Top-level output while declaring: omk sends it to stderr, so it never mixes with --json output on stdout.
printfn "build.fsx: command gates declared"
