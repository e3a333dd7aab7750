namespace Omk.Events.Payloads;

/// <summary>
/// A run that selected a subset of the declared gates (<c>--filter</c>, <c>OmkGateFilter</c>, the action's
/// <c>gate-filter</c>): the filter, the gates it selected (with their dependencies) and those it left out.
/// Recorded in <c>run_started</c>; a run with gates left out is <c>partial</c>, never <c>ready</c>.
/// </summary>
public sealed record GateSelectionPayload(string Filter, IReadOnlyList<string> Selected, IReadOnlyList<string> NotSelected);
