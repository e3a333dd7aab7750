namespace Omk.Agents.Wire;

/// <summary>The answer to a Wire <c>replay</c>: how it ended and how many recorded events and requests were re-sent.</summary>
public sealed record WireReplay(string Status, long Events, long Requests);
