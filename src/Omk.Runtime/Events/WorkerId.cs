namespace Omk.Events;

/// <summary>An opaque worker identifier, serialized as a plain string.</summary>
public readonly record struct WorkerId(string Value)
{
    public override string ToString() => Value;
}
