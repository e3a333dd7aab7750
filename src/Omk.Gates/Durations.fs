namespace Omk.Gates

open System

/// Durations for `timeout`: `timeout (minutes 10)`.
[<AutoOpen>]
module Durations =
    /// n seconds.
    let seconds (n: int) = TimeSpan.FromSeconds(float n)
    /// n minutes.
    let minutes (n: int) = TimeSpan.FromMinutes(float n)
    /// n hours.
    let hours (n: int) = TimeSpan.FromHours(float n)
