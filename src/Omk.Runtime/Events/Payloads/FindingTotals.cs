namespace Omk.Events.Payloads;

/// <summary>The true number of distinct findings of a gate, before the cap on the listed ones.</summary>
public sealed record FindingTotals(int Errors, int Warnings);
