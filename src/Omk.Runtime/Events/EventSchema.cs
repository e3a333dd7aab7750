namespace Omk.Events;

/// <summary>Facts about the event envelope contract.</summary>
public static class EventSchema
{
    /// <summary>Envelope version written as <c>schema_version</c>. Bumped only if the envelope changes.</summary>
    public const int Version = 1;

    /// <summary>The file name of a run's event log.</summary>
    public const string FileName = "events.jsonl";

    /// <summary>The legacy name read when <see cref="FileName"/> is missing.</summary>
    public const string LegacyFileName = "event-log.jsonl";
}
