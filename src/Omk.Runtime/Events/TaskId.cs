namespace Omk.Events;

/// <summary>An opaque task identifier, serialized as a plain string.</summary>
public readonly record struct TaskId(string Value)
{
    public override string ToString() => Value;
}
