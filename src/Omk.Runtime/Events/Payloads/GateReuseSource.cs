namespace Omk.Events.Payloads;

/// <summary>Where a reused gate result was first recorded: the run and the gate that passed with the same input key.</summary>
public sealed record GateReuseSource(string Run, string Gate);
