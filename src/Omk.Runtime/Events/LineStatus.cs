namespace Omk.Events;

/// <summary>What one line of an event log turned out to be.</summary>
public enum LineStatus
{
    Event,
    Blank,
    Malformed,
    UnknownKind,
    UnsupportedSchema,
}
