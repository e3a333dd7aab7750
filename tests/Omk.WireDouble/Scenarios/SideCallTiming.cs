namespace Omk.WireDouble.Scenarios;

/// <summary>When a recorded side call happens relative to the turns.</summary>
internal enum SideCallTiming
{
    /// <summary>Sent before any prompt (no turn in progress).</summary>
    BeforeTurns,

    /// <summary>Sent while turn <see cref="ScriptSideCall.Turn"/> is running; the double holds that turn until it arrives.</summary>
    DuringTurn,

    /// <summary>Sent after every turn ended.</summary>
    AfterTurns,
}
