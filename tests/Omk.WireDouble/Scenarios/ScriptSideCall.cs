using System.Text.Json.Nodes;

namespace Omk.WireDouble.Scenarios;

/// <summary>
/// A client call other than a turn's own <c>prompt</c> that the recording shows, with the response recorded for it:
/// <c>cancel</c>/<c>steer</c> with no turn running, <c>steer</c> or a second <c>prompt</c> during turn
/// <see cref="Turn"/>, or <c>replay</c> after the turns.
/// </summary>
internal sealed record ScriptSideCall(string Method, SideCallTiming Timing, int Turn, JsonObject RecordedResponse);
