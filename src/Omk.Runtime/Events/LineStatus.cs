namespace Omk.Events;

/// <summary>What one line of an event log turned out to be.</summary>
public enum LineStatus
{
    Event,
    Blank,
    Malformed,
    UnknownKind,
    UnsupportedSchema,

    /// <summary>A <c>run_failed</c> written by a newer Omk: unreadable, but never to be ignored.</summary>
    UnsupportedSchemaRunFailed,
}
