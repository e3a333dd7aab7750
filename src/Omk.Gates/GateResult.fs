namespace Omk.Gates

/// What a code gate decides.
type GateResult =
    /// The check passed.
    | Pass
    /// The check passed, with a message worth keeping as evidence.
    | PassWith of message: string
    /// The check failed; the message says why (it becomes the gate's reason in the proof).
    | Fail of message: string

    /// True for Pass and PassWith.
    member this.Passed =
        match this with
        | Pass
        | PassWith _ -> true
        | Fail _ -> false

    /// The message, or null for a plain Pass.
    member this.Message: string | null =
        match this with
        | Pass -> null
        | PassWith m
        | Fail m -> m
