// Shared by the gate scripts through #load "lib/common.fsx". It sits in a subfolder, so omk does not treat it
// as a gate script of its own: only the #load closure brings it into the compilation (and the cache key).
module Common

/// The build flavour the compile gate passes in its environment.
let flavour = "debug"

/// Whether this is a nightly run (it is not: the nightly gate is skipped).
let isNightly = false
