namespace Omk.Events;

/// <summary>The id of one event: a random (version 4) UUID.</summary>
public readonly record struct EventId(Guid Value)
{
    public static EventId New() => new(Guid.NewGuid());

    public override string ToString() => Value.ToString("D");
}
