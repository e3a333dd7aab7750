namespace Omk.Gates;

/// <summary>Where a gate is declared: a file (repository-relative when possible) and a 1-based line.</summary>
public sealed record GateLocation(string File, int Line, int Column = 1)
{
    public override string ToString() => $"{File}({Line},{Column})";
}
