namespace Omk.Events;

/// <summary>An opaque gate identifier, serialized as a plain string.</summary>
public readonly record struct GateId(string Value)
{
    public override string ToString() => Value;
}
