namespace Omk.Events;

/// <summary>What a read of an event log found, line by line. Filled while reading.</summary>
public sealed class EventReadStats
{
    /// <summary>Lines that are events of a known kind (before any filter).</summary>
    public long EventLines { get; internal set; }

    public long BlankLines { get; internal set; }

    /// <summary>Lines that are not a JSON event envelope.</summary>
    public long MalformedLines { get; internal set; }

    /// <summary>An unterminated last line that does not parse: a writer stopped mid-line.</summary>
    public long TornLines { get; internal set; }

    public long UnknownKindLines { get; internal set; }

    /// <summary>Envelopes of a newer <c>schema_version</c> than this reader knows.</summary>
    public long UnsupportedSchemaLines { get; internal set; }

    /// <summary>Of those, <c>run_failed</c> lines: a newer Omk said the run failed.</summary>
    public long NewerSchemaRunFailures { get; internal set; }

    /// <summary>Every line that did not yield an event, blank ones included.</summary>
    public long SkippedLines => BlankLines + MalformedLines + TornLines + UnknownKindLines + UnsupportedSchemaLines;

    /// <summary>Lines whose content was lost to a reader (not blank): malformed, torn or of a newer schema.</summary>
    public long DamagedLines => MalformedLines + TornLines + UnsupportedSchemaLines;

    internal void Count(LineStatus status, bool torn)
    {
        switch (status)
        {
            case LineStatus.Event: EventLines++; break;
            case LineStatus.Blank: BlankLines++; break;
            case LineStatus.UnknownKind: UnknownKindLines++; break;
            case LineStatus.UnsupportedSchema: UnsupportedSchemaLines++; break;
            case LineStatus.UnsupportedSchemaRunFailed: UnsupportedSchemaLines++; NewerSchemaRunFailures++; break;
            default:
                if (torn)
                {
                    TornLines++;
                }
                else
                {
                    MalformedLines++;
                }

                break;
        }
    }
}
